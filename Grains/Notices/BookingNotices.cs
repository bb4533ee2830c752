using Occupancy.Grains.Members;
using Occupancy.Grains.Sessions;

namespace Occupancy.Grains.Notices;

/// <summary>
/// Which booking change tells the member what, with no I/O. A change is judged against the version the member held
/// before (<c>known</c>), so a change that repeats what the member was told (a new waitlist position, a redefined
/// title) tells nothing new. Every notice has a stable id made from the booking and what it reports, so applying the
/// same change again enqueues nothing twice. The member's own cancellation is told to nobody; it only withdraws
/// the reminder.
/// </summary>
internal sealed class BookingNotices(BookingNoticeOptions options)
{
    public static string ConfirmedId(string bookingId) => $"{bookingId}:confirmed";

    public static string WaitlistedId(string bookingId) => $"{bookingId}:waitlisted";

    public static string PromotedId(string bookingId) => $"{bookingId}:promoted";

    public static string CancelledId(string bookingId) => $"{bookingId}:cancelled";

    /// <summary>A reminder is for one start time: a session moved to another time gets a new reminder, the old one withdrawn.</summary>
    public static string ReminderId(string bookingId, DateTimeOffset startsAt) => $"{bookingId}:reminder:{startsAt.UtcDateTime:yyyyMMdd'T'HHmm'Z'}";

    /// <summary>Named after the no-show that caused the block, so deciding it again after a lost write enqueues it once.</summary>
    public static string NoShowBlockId(string bookingId) => $"{bookingId}:no-show-block";

    /// <summary>What <paramref name="change"/> tells member <paramref name="memberId"/>, who held <paramref name="known"/> before (null: nothing).</summary>
    public BookingNoticeBatch For(string memberId, MemberBookingChange? known, MemberBookingChange change, DateTimeOffset now)
    {
        if (known is not null && known.Version >= change.Version) return BookingNoticeBatch.None;
        var at = change.UpdatedAt ?? now;
        var enqueue = new List<Notice>();
        var withdraw = new List<string>();
        // The reminder the member may hold is for the start they knew, and exists only while the booking had a seat.
        var knownReminder = known?.Status == BookingStatus.Confirmed ? ReminderId(change.BookingId, known.StartsAt) : null;

        switch (change.Status)
        {
            case BookingStatus.Confirmed:
                if (known?.Status != BookingStatus.Confirmed)
                {
                    var promoted = change.Promoted || known?.Status == BookingStatus.Waitlisted;
                    enqueue.Add(promoted ? Promoted(memberId, change, at) : Confirmed(memberId, change, at));
                }
                if (knownReminder is not null && knownReminder != ReminderId(change.BookingId, change.StartsAt)) withdraw.Add(knownReminder);
                if (knownReminder != ReminderId(change.BookingId, change.StartsAt) && Reminder(memberId, change, at) is { } reminder) enqueue.Add(reminder);
                break;
            case BookingStatus.Waitlisted:
                if (known?.Status != BookingStatus.Waitlisted) enqueue.Add(Waitlisted(memberId, change, at));
                break;
            case BookingStatus.Cancelled:
                if (knownReminder is not null) withdraw.Add(knownReminder);
                if (known?.Status != BookingStatus.Cancelled && change.CancelledBy is { } cause && cause != CancellationCause.Member)
                    enqueue.Add(Cancelled(memberId, change, cause, at));
                break;
            case BookingStatus.Expired:
                // Booking closed with the member still waiting; nothing to tell beyond the booking list.
                break;
            case BookingStatus.CheckedIn:
            case BookingStatus.NoShow:
                // The start has come: any reminder was due long before. A block is told by BlockNotice.
                break;
        }
        return new BookingNoticeBatch(enqueue, withdraw);
    }

    /// <summary>
    /// When the reminder of a session is due: the evening before (at <see cref="BookingNoticeOptions.EveningBeforeAt"/>,
    /// site-local) for one starting before <see cref="BookingNoticeOptions.MorningEndsAt"/>, else
    /// <see cref="BookingNoticeOptions.RemindBefore"/> before the start.
    /// </summary>
    public DateTimeOffset ReminderDueAt(DateTimeOffset startsAt, string? timeZone)
    {
        var zone = NoticeWording.Zone(timeZone);
        var local = TimeZoneInfo.ConvertTime(startsAt, zone).DateTime;
        if (local.TimeOfDay >= options.MorningEndsAt) return startsAt - options.RemindBefore;
        var evening = DateTime.SpecifyKind(local.Date.AddDays(-1) + options.EveningBeforeAt, DateTimeKind.Unspecified);
        // A local time skipped by a clock change does not exist: take the same time an hour later.
        if (zone.IsInvalidTime(evening)) evening = evening.AddHours(1);
        return new DateTimeOffset(evening, zone.GetUtcOffset(evening));
    }

    /// <summary>The reminder of a booking that got its seat at <paramref name="seatedAt"/>; none when it was due before then.</summary>
    public Notice? Reminder(string memberId, MemberBookingChange c, DateTimeOffset seatedAt)
    {
        var due = ReminderDueAt(c.StartsAt, c.TimeZone);
        if (due <= seatedAt || due >= c.StartsAt) return null;
        return new Notice(ReminderId(c.BookingId, c.StartsAt), memberId, c.SiteId, NoticeKind.Reminder,
            $"提醒：{NoticeWording.SessionZh(c)}，请准时到场；如不能来，请提前取消。",
            $"Reminder: {NoticeWording.SessionEn(c)}. Please be on time, or cancel if you cannot come.",
            seatedAt, UsefulUntil: c.StartsAt, NotBefore: due, SubjectId: c.BookingId);
    }

    /// <summary>The block decided after the no-show of <paramref name="noShow"/>, lasting until <paramref name="blockedUntil"/>.</summary>
    public static Notice BlockNotice(string memberId, MemberBookingChange noShow, DateTimeOffset blockedUntil, DateTimeOffset now) =>
        new(NoShowBlockId(noShow.BookingId), memberId, noShow.SiteId, NoticeKind.NoShowBlock,
            $"因多次预约后未到场，{NoticeWording.WhenZh(blockedUntil, noShow.TimeZone)}前暂停新的预约；已有的预约不受影响。如有疑问，请联系工作人员。",
            $"After repeated no-shows, new bookings are paused until {NoticeWording.WhenEn(blockedUntil, noShow.TimeZone)}; bookings you already have stand. Staff can lift the pause.",
            now, UsefulUntil: blockedUntil, SubjectId: noShow.BookingId);

    private static Notice Confirmed(string memberId, MemberBookingChange c, DateTimeOffset at) =>
        new(ConfirmedId(c.BookingId), memberId, c.SiteId, NoticeKind.BookingConfirmed,
            $"预约成功：{NoticeWording.SessionZh(c)}。",
            $"Booked: {NoticeWording.SessionEn(c)}.",
            at, UsefulUntil: c.StartsAt, SubjectId: c.BookingId);

    private static Notice Promoted(string memberId, MemberBookingChange c, DateTimeOffset at) =>
        new(PromotedId(c.BookingId), memberId, c.SiteId, NoticeKind.Promoted,
            $"候补成功，您已获得座位：{NoticeWording.SessionZh(c)}。",
            $"A seat came free and is yours: {NoticeWording.SessionEn(c)}.",
            at, UsefulUntil: c.StartsAt, SubjectId: c.BookingId);

    private static Notice Waitlisted(string memberId, MemberBookingChange c, DateTimeOffset at)
    {
        var zh = c.WaitlistPosition is { } n ? $"您排在第{n}位，" : "";
        var en = c.WaitlistPosition is { } m ? $" You are number {m};" : "";
        return new Notice(WaitlistedId(c.BookingId), memberId, c.SiteId, NoticeKind.Waitlisted,
            $"已加入候补：{NoticeWording.SessionZh(c)}。{zh}有座位时会通知您。",
            $"On the waitlist for {NoticeWording.SessionEn(c)}.{en} we will tell you when a seat is yours.",
            at, UsefulUntil: c.StartsAt, SubjectId: c.BookingId);
    }

    private Notice Cancelled(string memberId, MemberBookingChange c, CancellationCause cause, DateTimeOffset at)
    {
        var (zh, en) = cause switch
        {
            CancellationCause.Staff => ($"您的预约已被工作人员取消：{NoticeWording.SessionZh(c)}。", $"Staff cancelled your booking: {NoticeWording.SessionEn(c)}."),
            CancellationCause.Session => ($"活动已取消：{NoticeWording.SessionZh(c)}，您的预约随之取消。", $"Cancelled: {NoticeWording.SessionEn(c)}, and your booking with it."),
            CancellationCause.SessionChanged => ($"活动有变更，您的预约已取消：{NoticeWording.SessionZh(c)}。如有疑问，请联系工作人员。",
                $"The session changed and your booking no longer fits it, so it is cancelled: {NoticeWording.SessionEn(c)}. Ask staff if in doubt."),
            _ => ($"候补未能转为预约，已取消：{NoticeWording.SessionZh(c)}。如有疑问，请联系工作人员。",
                $"Your waitlist place could not become a booking and is cancelled: {NoticeWording.SessionEn(c)}. Ask staff if in doubt."),
        };
        // Close to the start the member may already be on the way: quiet hours must not hold it back.
        var urgent = at < c.StartsAt && c.StartsAt - at <= options.UrgentWithin;
        return new Notice(CancelledId(c.BookingId), memberId, c.SiteId, NoticeKind.Cancelled, zh, en, at, UsefulUntil: c.StartsAt, Urgent: urgent, SubjectId: c.BookingId);
    }
}
