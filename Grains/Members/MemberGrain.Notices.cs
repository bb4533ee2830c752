using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Occupancy.Grains.Notices;

namespace Occupancy.Grains.Members;

/// <summary>
/// The notices a member's booking changes produce (<see cref="BookingNotices"/>), sent to the member's notices grain
/// before the changes are written, and so before the session hears they were taken. A crash in between leaves the
/// change unacknowledged; the session sends it again and the same notices are enqueued again, which their stable
/// ids make harmless. When the notices grain cannot take them, the changes are dropped with the activation (as on
/// a failed write) and the session's outbox retries them: bookings are answered meanwhile, only their news waits.
/// </summary>
internal sealed partial class MemberGrain
{
    private readonly List<Notice> _noticesDue = [];
    private readonly List<string> _noticesWithdrawn = [];
    private BookingNotices? _bookingNotices;

    private BookingNotices NoticeRules =>
        _bookingNotices ??= new BookingNotices(ServiceProvider.GetRequiredService<IOptions<BookingNoticeOptions>>().Value);

    /// <summary>
    /// A booking a session settled when asked about its hold is taken in as a request of this grain's own, after the
    /// hold timer's turn, so it goes the way of the outbox's changes, notices first; awaiting the notices grain inside
    /// the timer's turn would also hold back any call it made to this grain. The hold stays until then, so the booking
    /// counts meanwhile.
    /// </summary>
    private void TakeInAsRequest(MemberBookingChange booking) =>
        _ = ForgetAsync(this.AsReference<IMemberGrain>().ApplyBookingChanges([booking]), "Taking in a booking its session settled");

    /// <summary>Notes what a change the member is about to take tells them.</summary>
    private void NoteNotices(MemberBookingChange? known, MemberBookingChange change, DateTimeOffset now)
    {
        var batch = NoticeRules.For(Id, known, change, now);
        _noticesDue.AddRange(batch.Enqueue);
        _noticesWithdrawn.AddRange(batch.Withdraw);
    }

    private void NoteBlock(MemberBookingChange noShow, DateTimeOffset blockedUntil, DateTimeOffset now) =>
        _noticesDue.Add(BookingNotices.BlockNotice(Id, noShow, blockedUntil, now));

    /// <summary>
    /// Enqueues (and withdraws) what was noted, durably, before the state that noted it is written. False when the
    /// notices grain failed: the activation is then dropped, so the unwritten changes are forgotten and retried.
    /// </summary>
    private async Task<bool> SendNoticesAsync()
    {
        if (_noticesDue.Count == 0 && _noticesWithdrawn.Count == 0) return true;
        var notices = GrainFactory.GetGrain<IMemberNoticesGrain>(Id);
        try
        {
            // One call and one write for all of them: a booking's confirmation and reminder go together.
            await notices.Apply(new NoticeChanges([.. _noticesDue], [.. _noticesWithdrawn], new MemberContact(S.Profile?.Phone)));
            return true;
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "A member's notices did not take {Count} notices; the booking changes wait for them", _noticesDue.Count + _noticesWithdrawn.Count);
            GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "notices not enqueued"));
            return false;
        }
        finally
        {
            _noticesDue.Clear();
            _noticesWithdrawn.Clear();
        }
    }
}
