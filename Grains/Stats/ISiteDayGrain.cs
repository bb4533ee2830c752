using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Stats;

/// <summary>
/// One site's history for one local day (key <see cref="SiteDayKey"/>): the day's totals and every
/// facility's and canteen's hourly peak occupancy. Inputs are one-way so a publisher never waits on history.
/// </summary>
public interface ISiteDayGrain : IGrainWithStringKey
{
    /// <summary>
    /// A part's occupancy at a moment of the local hour <paramref name="localHour"/> (0–23), with the part's snapshot
    /// version (readings may arrive out of order; the version says which is newest). The hour keeps its peak.
    /// </summary>
    [OneWay]
    Task RecordOccupancy(SitePartKind kind, string partId, int localHour, int occupied, long version);

    [OneWay]
    Task AddVisits(int count);

    [OneWay]
    Task AddMealsServed(int count);

    [OneWay]
    Task AddBookings(int count);

    [OneWay]
    Task AddCancellations(int count);

    [OneWay]
    Task AddNoShows(int count);

    [OneWay]
    Task AddSessionsHeld(int count);

    /// <summary>
    /// The day as recorded. A part's last known occupancy is carried on through <paramref name="throughHour"/>
    /// (23 for a day that is over, the current local hour for today, -1 for a day still to come).
    /// </summary>
    Task<SiteDayRecord> Get(int throughHour);

    /// <summary>The day's totals alone, for the daily rows.</summary>
    Task<SiteDayTotals> GetTotals();

    /// <summary>
    /// Fills a day that has no history yet with generated hourly peaks, marked as generated (the demo's weeks of
    /// history). A day that already has a part, or was seeded before, is left as it is: false. Answered once written.
    /// </summary>
    Task<bool> SeedGenerated(IReadOnlyList<PartHours> parts);

    /// <summary>Wakes the day so that, if it is past retention, its history is deleted.</summary>
    [OneWay]
    Task Expire();
}
