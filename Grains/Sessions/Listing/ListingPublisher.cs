using Microsoft.Extensions.Logging;

namespace Occupancy.Grains.Sessions.Listing;

/// <summary>
/// A session's pushes to its day listing: never awaited by the session's requests, at most one in flight per
/// listing (a burst of writes sends the latest), retried with back-off when a push fails. When the session moves to
/// another day, the old day is told too, so it drops the session.
/// </summary>
internal sealed class ListingPublisher(IGrainBase grain, IGrainFactory grains, SessionListingOptions options, ILogger logger)
{
    private readonly Dictionary<string, SessionListingEntry> _owed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _sending = new(StringComparer.Ordinal);
    private string? _listedOn;
    private IGrainTimer? _retry;
    private TimeSpan _retryDelay = options.PushRetryFirst;

    public void Publish(SessionListingEntry entry)
    {
        if (_listedOn is { } old && old != entry.DayKey) _owed[old] = entry;
        _listedOn = entry.DayKey;
        _owed[entry.DayKey] = entry;
        SendOwed();
    }

    private void SendOwed()
    {
        foreach (var (day, entry) in _owed.ToArray())
        {
            if (_sending.Add(day)) _ = SendAsync(day, entry);
        }
    }

    private async Task SendAsync(string day, SessionListingEntry entry)
    {
        var sent = false;
        try
        {
            await grains.GetGrain<ISessionDayListingGrain>(day).Update(entry);
            sent = true;
        }
        catch (Exception error)
        {
            logger.LogDebug(error, "Push of session {Session} to listing {Day} failed; it is retried", entry.Snapshot.Id, day);
        }
        _sending.Remove(day);
        if (!sent)
        {
            RetryLater();
            return;
        }
        _retryDelay = options.PushRetryFirst;
        if (_owed.TryGetValue(day, out var owed) && owed.Snapshot.Version <= entry.Snapshot.Version) _owed.Remove(day);
        else if (_owed.ContainsKey(day)) SendOwed();
    }

    private void RetryLater()
    {
        if (_retry is not null) return;
        _retry = grain.RegisterGrainTimer(() =>
        {
            _retry?.Dispose();
            _retry = null;
            SendOwed();
            return Task.CompletedTask;
        }, _retryDelay, Timeout.InfiniteTimeSpan);
        _retryDelay = TimeSpan.FromTicks(Math.Min(_retryDelay.Ticks * 2, options.PushRetryMax.Ticks));
    }
}
