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
        PublishListing();
        KickOutbox();
        _ledger.Move(() => D, () => W);
        DropEndedBeyondSize();
    }

    /// <summary>Ended bookings their members already have are dropped, oldest first, while the state is near the store's limit.</summary>
    private void DropEndedBeyondSize()
    {
        var drop = _size.EndedToDrop(W);
        if (drop.Count == 0) return;
        foreach (var id in drop) W.Bookings.Remove(id);
        Observe(_commit.CommitAsync(), "Dropping ended bookings to stay inside the store's limit");
    }

    private void Enqueue(Booking booking) => SessionOutbox.Enqueue(W, booking);

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
                var durable = D;
                var due = _outbox.Due(durable, b => ToChange(b, durable));
                if (due.Count == 0) break;
                var results = await Task.WhenAll(due.Select(async group =>
                {
                    try
                    {
                        await Member(group.MemberId).ApplyBookingChanges(group.Changes);
                        return (group.Changes, Delivered: true);
                    }
                    catch (Exception error)
                    {
                        _logger.LogInformation(error, "A member did not take changes from session {Session}; will retry", Id);
                        return (group.Changes, Delivered: false);
                    }
                }));
                var acknowledged = false;
                foreach (var (changes, delivered) in results)
                {
                    if (delivered) acknowledged |= _outbox.Acknowledge(W, changes);
                    else failed = true;
                }
                _outbox.Tidy(W, D);
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
