using Microsoft.Extensions.Logging;

namespace Occupancy.Grains.Sessions;

internal sealed class SessionCalendarGrain(
    [PersistentState("calendar", StorageNames.Occupancy)] IPersistentState<SessionCalendarState> state,
    ILogger<SessionCalendarGrain> logger) : Grain, ISessionCalendarGrain
{
    /// <summary>Far more sessions than a community complex runs in a day, and a bound on the state.</summary>
    internal const int MaxPerDay = 1000;

    public async Task<bool> Add(CalendarEntry entry)
    {
        var entries = state.State.Entries;
        if (entries.TryGetValue(entry.SessionId, out var known) && known == entry) return true;
        if (!entries.ContainsKey(entry.SessionId) && entries.Count >= MaxPerDay) return false;
        entries[entry.SessionId] = entry;
        await state.WriteOrRevertAsync(this, logger);
        return true;
    }

    public async Task Remove(string sessionId)
    {
        if (!state.State.Entries.Remove(sessionId)) return;
        await state.WriteOrRevertAsync(this, logger);
    }

    public Task<IReadOnlyList<CalendarEntry>> List() =>
        Task.FromResult<IReadOnlyList<CalendarEntry>>(state.State.Entries.Values.OrderBy(e => e.StartsAt).ThenBy(e => e.SessionId, StringComparer.Ordinal).ToArray());
}
