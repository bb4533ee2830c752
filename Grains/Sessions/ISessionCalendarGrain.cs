namespace Occupancy.Grains.Sessions;

/// <summary>
/// The sessions of one site on one local date, keyed "{siteId}/{yyyy-MM-dd}", so listings read a day at a
/// time. Entries are added before a session is written and checked against the session when read, so a
/// crash between the two never hides a session and never shows a wrong one.
/// </summary>
public interface ISessionCalendarGrain : IGrainWithStringKey
{
    /// <summary>Lists the session; false when the day is full (a bound on the grain's state).</summary>
    Task<bool> Add(CalendarEntry entry);

    Task Remove(string sessionId);

    Task<IReadOnlyList<CalendarEntry>> List();
}
