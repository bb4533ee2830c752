using Microsoft.Extensions.Logging;

namespace Occupancy.Grains.Sessions;

/// <summary>Booking changes reach members through an outbox kept in the session's state, retried until acknowledged.</summary>
internal sealed partial class SessionGrain
{
    // ---- outbox ------------------------------------------------------------------------------------------

    private void OnWritten()
    {
        if (D.Version != _publishedVersion && D.Definition is not null)
        {
            _publishedVersion = D.Version;
            _feed.Publish(Snapshot(D));
        }
        KickOutbox();
    }

    private void Enqueue(Booking booking) => W.Outbox[booking.BookingId] = new OutboxEntry(booking.MemberId, ToChange(booking, W));

    private void KickOutbox()
    {
        if (_dispatching)
        {
            _dispatchAgain = true;
            return;
        }
        _ = DispatchOutboxAsync();
    }

    /// <summary>Sends durable, unacknowledged changes to their members (one call per member); failures are retried with back-off.</summary>
    private async Task DispatchOutboxAsync()
    {
        _dispatching = true;
        var failed = false;
        try
        {
            do
            {
                _dispatchAgain = false;
                var due = D.Outbox.Values
                    .Where(e => !_delivered.TryGetValue(e.Change.BookingId, out var delivered) || delivered < e.Change.Version)
                    .GroupBy(e => e.MemberId)
                    .ToArray();
                if (due.Length == 0) break;
                var results = await Task.WhenAll(due.Select(async group =>
                {
                    try
                    {
                        await Member(group.Key).ApplyBookingChanges(group.Select(e => e.Change).ToArray());
                        return (Entries: group.ToArray(), Delivered: true);
                    }
                    catch (Exception error)
                    {
                        _logger.LogInformation(error, "Member {Member} did not take changes from session {Session}; will retry", group.Key, Id);
                        return (Entries: group.ToArray(), Delivered: false);
                    }
                }));
                var acknowledged = false;
                foreach (var (entries, delivered) in results)
                {
                    if (!delivered)
                    {
                        failed = true;
                        continue;
                    }
                    foreach (var entry in entries)
                    {
                        _delivered[entry.Change.BookingId] = Math.Max(_delivered.GetValueOrDefault(entry.Change.BookingId), entry.Change.Version);
                        if (W.Outbox.TryGetValue(entry.Change.BookingId, out var pending) && pending.Change.Version <= entry.Change.Version)
                        {
                            W.Outbox.Remove(entry.Change.BookingId);
                            acknowledged = true;
                        }
                    }
                }
                foreach (var id in _delivered.Keys.Where(id => !W.Outbox.ContainsKey(id) && !D.Outbox.ContainsKey(id)).ToArray())
                {
                    _delivered.Remove(id);
                }
                // The removal rides on the next write; if none comes, a redelivery after a restart is harmless.
                if (acknowledged) Observe(_commit.CommitAsync(), "Writing outbox acknowledgements");
                if (failed) break;
            }
            while (_dispatchAgain);
        }
        finally
        {
            _dispatching = false;
        }
        _outboxRetry?.Dispose();
        _outboxRetry = null;
        if (failed)
        {
            _outboxRetry = this.RegisterGrainTimer(() =>
            {
                KickOutbox();
                return Task.CompletedTask;
            }, _outboxDelay, Timeout.InfiniteTimeSpan);
            _outboxDelay = TimeSpan.FromTicks(Math.Min(_outboxDelay.Ticks * 2, _options.OutboxRetryMax.Ticks));
            ArmReminder(Now);
        }
        else
        {
            _outboxDelay = _options.OutboxRetryFirst;
        }
    }
}
