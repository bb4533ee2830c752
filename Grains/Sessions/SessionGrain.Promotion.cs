using Microsoft.Extensions.Logging;
using Occupancy.Grains.Members;
using Occupancy.Grains.Sessions.Rules;

namespace Occupancy.Grains.Sessions;

/// <summary>Promotion: a free seat goes to the waitlist, one member's hold at a time; the rules choose whom.</summary>
internal sealed partial class SessionGrain
{
    private void KickPromotionIfDue()
    {
        if (_book.TakePromotionDue()) KickPromotion();
    }

    private void KickPromotion()
    {
        if (_promotionRunning)
        {
            _promotionAgain = true;
            return;
        }
        _ = PromoteAsync();
    }

    private async Task PromoteAsync()
    {
        _promotionRunning = true;
        try
        {
            do
            {
                _promotionAgain = false;
                while (await PromoteNextAsync())
                {
                }
            }
            while (_promotionAgain);
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "Promotion in session {Session} failed; retrying", Id);
            RetryPromotionIn(PromotionRetry);
        }
        finally
        {
            _promotionRunning = false;
        }
    }

    private void RetryPromotionIn(TimeSpan delay)
    {
        _promotionRetry?.Dispose();
        _promotionRetry = this.RegisterGrainTimer(() =>
        {
            KickPromotion();
            return Task.CompletedTask;
        }, delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Offers one free seat to whom the rules choose; false when there is nothing to do now.</summary>
    private async Task<bool> PromoteNextAsync()
    {
        if (W.Definition is null) return false;
        if (ApplyClock(Now) is { } clockChange) await clockChange;
        // This round covers whatever made promotion due until now.
        _book.TakePromotionDue();
        var choice = _book.ChoosePromotion(Now);
        if (choice.Until is { } until)
        {
            // A waiter refused for now keeps the seat until then: ask again (or offer it to the next) at that time.
            var wait = until - Now;
            RetryPromotionIn(wait < MinimumPromotionWait ? MinimumPromotionWait : wait);
            return false;
        }
        if (choice.Candidate is not { } candidate) return false;

        Problem? refusal;
        try
        {
            refusal = await Member(candidate.MemberId).Hold(HoldFor(candidate.BookingId, candidate.BookedBy, HoldPurpose.Promote));
        }
        catch (Exception error)
        {
            // No answer is no refusal: the waiter keeps their place and is asked again.
            _logger.LogInformation(error, "The member of {Booking} in {Session} did not answer its promotion", candidate.BookingId, Id);
            refusal = new Problem(ProblemCodes.RequestInProgress, "The member did not answer.");
        }

        // One turn from here.
        var now = Now;
        _ = ApplyClock(now);
        var result = _book.EndPromotion(candidate.BookingId, HoldRefusals.Classify(refusal), now);
        if (result.HoldUnused) ReleaseHold(candidate.MemberId, candidate.BookingId);
        if (refusal is not null)
            _logger.LogInformation("Promotion of {Booking} in {Session} refused ({Reason}): {Outcome}", candidate.BookingId, Id, refusal.Code,
                result.Changed is null ? "kept waiting" : "booking ended");
        if (result.Changed is null) return true;
        await _commit.CommitAsync();
        return true;
    }

    // ---- clock -------------------------------------------------------------------------------------------

    /// <summary>
    /// Applies what the clock alone changes (window opens or closes, the session starts, no-shows are released);
    /// when something changed, starts its write and returns it, so callers that answer from durable state can await it.
    /// </summary>
    private Task? ApplyClock(DateTimeOffset now)
    {
        var d = W.Definition;
        if (d is null) return null;
        var change = _book.ApplyClock(now);
        ArmDeadlines(now);
        if (change is null) return null;
        var write = _commit.CommitAsync();
        Observe(write, "Writing a change of the clock");
        if (change.Started || change.NoShows > 0) _ = CountWhenWrittenAsync(write, d.StartsAt, change.Started, change.NoShows);
        return write;
    }

    /// <summary>The day's statistics hear of a session held and its no-shows once the change is durable (a failed write is counted when redone).</summary>
    private async Task CountWhenWrittenAsync(Task write, DateTimeOffset startsAt, bool started, int noShows)
    {
        try
        {
            await write;
        }
        catch (StorageUnavailableException)
        {
            return;
        }
        if (started) Count(startsAt, day => day.AddSessionsHeld(1));
        if (noShows > 0) Count(startsAt, day => day.AddNoShows(noShows));
    }
}
