using Occupancy.Grains.Members;
using Occupancy.Grains.Notices;
using Occupancy.Grains.Sessions;

namespace Occupancy.Grains.Tests.Notices;

/// <summary>
/// Which booking change tells a member what, without a cluster: a Shanghai yoga class at 09:00 on Thu 3 Dec 2026 and a
/// 15:00 calligraphy class on the same day, as the member held them before and as the session reports them now.
/// </summary>
public sealed class BookingNoticeRuleTests
{
    private const string Member = "m-li";
    private const string Zone = "Asia/Shanghai";
    private static readonly DateTimeOffset Morning = new(2026, 12, 3, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset Afternoon = new(2026, 12, 3, 15, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset BookedAt = new(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(8));

    private readonly BookingNotices _rules = new(new BookingNoticeOptions());

    private static MemberBookingChange Change(BookingStatus status, long version, DateTimeOffset? startsAt = null, DateTimeOffset? at = null,
        bool promoted = false, CancellationCause? cause = null, int? position = null, string? place = "二楼活动室", string zone = Zone) =>
        new("b1", "s1", "site-a", "瑜伽", "Yoga", BookingCategory.Class, startsAt ?? Morning, (startsAt ?? Morning).AddHours(1), status,
            position, null, BookedAt, version, place, zone, promoted, cause, at ?? BookedAt);

    private BookingNoticeBatch For(MemberBookingChange? known, MemberBookingChange change) => _rules.For(Member, known, change, BookedAt.AddDays(1));

    [Fact]
    public void A_confirmed_booking_is_told_with_the_session_place_and_local_start_and_gets_a_reminder()
    {
        var batch = For(null, Change(BookingStatus.Confirmed, 3));

        var confirmed = Assert.Single(batch.Enqueue, n => n.Kind == NoticeKind.BookingConfirmed);
        Assert.Equal("b1:confirmed", confirmed.NoticeId);
        Assert.Equal(Member, confirmed.MemberId);
        Assert.Equal("site-a", confirmed.SiteId);
        Assert.Equal("预约成功：「瑜伽」，12月3日（周四）09:00，地点：二楼活动室。", confirmed.Text);
        Assert.Equal("Booked: \"Yoga\" on Thu 3 Dec, 09:00, at 二楼活动室.", confirmed.TextEn);
        Assert.Equal(Morning, confirmed.UsefulUntil);
        Assert.False(confirmed.Urgent);
        Assert.Null(confirmed.NotBefore);
        Assert.Equal("b1", confirmed.SubjectId);
        Assert.Single(batch.Enqueue, n => n.Kind == NoticeKind.Reminder);
        Assert.Empty(batch.Withdraw);
    }

    [Fact]
    public void A_morning_session_is_reminded_at_19_local_the_evening_before()
    {
        var reminder = Assert.Single(For(null, Change(BookingStatus.Confirmed, 3)).Enqueue, n => n.Kind == NoticeKind.Reminder);

        Assert.Equal(new DateTimeOffset(2026, 12, 2, 19, 0, 0, TimeSpan.FromHours(8)), reminder.NotBefore);
        Assert.Equal(Morning, reminder.UsefulUntil);
        Assert.Equal(BookingNotices.ReminderId("b1", Morning), reminder.NoticeId);
        Assert.Contains("12月3日（周四）09:00", reminder.Text);
        Assert.Contains("Thu 3 Dec, 09:00", reminder.TextEn);
    }

    [Fact]
    public void An_afternoon_session_is_reminded_two_hours_before()
    {
        var reminder = Assert.Single(For(null, Change(BookingStatus.Confirmed, 3, Afternoon)).Enqueue, n => n.Kind == NoticeKind.Reminder);

        Assert.Equal(Afternoon.AddHours(-2), reminder.NotBefore);
    }

    [Fact]
    public void Morning_is_judged_by_the_site_local_time_not_UTC()
    {
        // 09:00 in Shanghai is 01:00 UTC; 15:00 in Shanghai is 07:00 UTC (a UTC "morning"), still an afternoon session here.
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 11, 0, 0, TimeSpan.Zero), _rules.ReminderDueAt(Morning, Zone));
        Assert.Equal(Afternoon.AddHours(-2), _rules.ReminderDueAt(Afternoon, Zone));
        // The same instant at a UTC site: 07:00 local is a morning session, reminded at 19:00 UTC the day before.
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 19, 0, 0, TimeSpan.Zero), _rules.ReminderDueAt(Afternoon, "UTC"));
        Assert.Contains("12月3日（周四）07:00", For(null, Change(BookingStatus.Confirmed, 3, Afternoon, zone: "UTC")).Enqueue[0].Text);
    }

    [Fact]
    public void A_noon_start_is_an_afternoon_session_and_the_times_are_configurable()
    {
        var noon = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.FromHours(8));
        Assert.Equal(noon.AddHours(-2), _rules.ReminderDueAt(noon, Zone));

        var custom = new BookingNotices(new BookingNoticeOptions
        {
            MorningEndsAt = TimeSpan.FromHours(13),
            EveningBeforeAt = TimeSpan.FromHours(18),
            RemindBefore = TimeSpan.FromHours(3),
        });
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 18, 0, 0, TimeSpan.FromHours(8)), custom.ReminderDueAt(noon, Zone));
        Assert.Equal(Afternoon.AddHours(-3), custom.ReminderDueAt(Afternoon, Zone));
    }

    [Fact]
    public void A_booking_made_after_its_reminder_was_due_gets_no_reminder()
    {
        var lateEvening = new DateTimeOffset(2026, 12, 2, 20, 30, 0, TimeSpan.FromHours(8));

        var batch = For(null, Change(BookingStatus.Confirmed, 3, at: lateEvening));

        Assert.Equal([NoticeKind.BookingConfirmed], batch.Enqueue.Select(n => n.Kind));
    }

    [Fact]
    public void A_waitlisted_booking_is_told_its_place_once_and_not_again_when_it_moves_up()
    {
        var waitlisted = Change(BookingStatus.Waitlisted, 3, position: 2);

        var notice = Assert.Single(For(null, waitlisted).Enqueue);
        Assert.Equal(NoticeKind.Waitlisted, notice.Kind);
        Assert.Equal("b1:waitlisted", notice.NoticeId);
        Assert.Contains("第2位", notice.Text);
        Assert.Contains("number 2", notice.TextEn);

        Assert.True(For(waitlisted, Change(BookingStatus.Waitlisted, 5, position: 1)).IsEmpty);
    }

    [Fact]
    public void A_waiter_given_a_seat_is_told_promoted_not_confirmed_and_gets_a_reminder()
    {
        var waitlisted = Change(BookingStatus.Waitlisted, 3, position: 1);

        var batch = For(waitlisted, Change(BookingStatus.Confirmed, 6, promoted: true));

        Assert.Equal([NoticeKind.Promoted, NoticeKind.Reminder], batch.Enqueue.Select(n => n.Kind));
        Assert.Equal("b1:promoted", batch.Enqueue[0].NoticeId);
        Assert.StartsWith("候补成功", batch.Enqueue[0].Text);
    }

    [Fact]
    public void A_promotion_the_member_hears_of_before_the_waitlisting_is_still_a_promotion()
    {
        // The session sends only a booking's latest version: the member may never see it waitlisted.
        var batch = For(null, Change(BookingStatus.Confirmed, 6, promoted: true));

        Assert.Equal(NoticeKind.Promoted, batch.Enqueue[0].Kind);
        Assert.DoesNotContain(batch.Enqueue, n => n.Kind is NoticeKind.BookingConfirmed or NoticeKind.Waitlisted);
    }

    [Fact]
    public void The_members_own_cancellation_tells_nothing_and_withdraws_the_reminder()
    {
        var confirmed = Change(BookingStatus.Confirmed, 3);

        var batch = For(confirmed, Change(BookingStatus.Cancelled, 7, cause: CancellationCause.Member));

        Assert.Empty(batch.Enqueue);
        Assert.Equal([BookingNotices.ReminderId("b1", Morning)], batch.Withdraw);
    }

    [Fact]
    public void A_cancellation_by_staff_is_told_and_withdraws_the_reminder()
    {
        var at = new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.FromHours(8));

        var batch = For(Change(BookingStatus.Confirmed, 3), Change(BookingStatus.Cancelled, 7, at: at, cause: CancellationCause.Staff));

        var cancelled = Assert.Single(batch.Enqueue);
        Assert.Equal(NoticeKind.Cancelled, cancelled.Kind);
        Assert.Equal("b1:cancelled", cancelled.NoticeId);
        Assert.Equal("您的预约已被工作人员取消：「瑜伽」，12月3日（周四）09:00，地点：二楼活动室。", cancelled.Text);
        Assert.Equal("Staff cancelled your booking: \"Yoga\" on Thu 3 Dec, 09:00, at 二楼活动室.", cancelled.TextEn);
        Assert.Equal(at, cancelled.RaisedAt);
        Assert.False(cancelled.Urgent);
        Assert.Equal([BookingNotices.ReminderId("b1", Morning)], batch.Withdraw);
    }

    [Fact]
    public void A_session_cancelled_with_its_bookings_says_so_and_a_waiter_has_no_reminder_to_withdraw()
    {
        var batch = For(Change(BookingStatus.Waitlisted, 3, position: 1), Change(BookingStatus.Cancelled, 7, cause: CancellationCause.Session));

        var cancelled = Assert.Single(batch.Enqueue);
        Assert.StartsWith("活动已取消：「瑜伽」", cancelled.Text);
        Assert.StartsWith("Cancelled: \"Yoga\"", cancelled.TextEn);
        Assert.Empty(batch.Withdraw);
    }

    [Fact]
    public void A_cancellation_within_two_hours_of_the_start_is_urgent_and_one_earlier_is_not()
    {
        var confirmed = Change(BookingStatus.Confirmed, 3);

        Assert.True(For(confirmed, Change(BookingStatus.Cancelled, 7, at: Morning.AddHours(-2), cause: CancellationCause.Session)).Enqueue[0].Urgent);
        Assert.True(For(confirmed, Change(BookingStatus.Cancelled, 7, at: Morning.AddMinutes(-30), cause: CancellationCause.Staff)).Enqueue[0].Urgent);
        Assert.False(For(confirmed, Change(BookingStatus.Cancelled, 7, at: Morning.AddHours(-2).AddMinutes(-1), cause: CancellationCause.Staff)).Enqueue[0].Urgent);
    }

    [Fact]
    public void A_session_changed_away_from_the_member_and_a_seat_the_waiter_could_not_take_are_told_with_their_reason()
    {
        var changed = For(Change(BookingStatus.Confirmed, 3), Change(BookingStatus.Cancelled, 7, cause: CancellationCause.SessionChanged)).Enqueue[0];
        var notPromoted = For(Change(BookingStatus.Waitlisted, 3), Change(BookingStatus.Cancelled, 7, cause: CancellationCause.NotPromoted)).Enqueue[0];

        Assert.StartsWith("活动有变更", changed.Text);
        Assert.StartsWith("候补未能转为预约", notPromoted.Text);
        Assert.All(new[] { changed, notPromoted }, n => Assert.Equal(NoticeKind.Cancelled, n.Kind));
    }

    [Fact]
    public void A_cancellation_written_before_causes_were_recorded_is_taken_as_the_members_own()
    {
        Assert.Empty(For(Change(BookingStatus.Confirmed, 3), Change(BookingStatus.Cancelled, 7)).Enqueue);
    }

    [Fact]
    public void A_session_moved_to_another_time_withdraws_the_old_reminder_and_sets_a_new_one_without_confirming_again()
    {
        var confirmed = Change(BookingStatus.Confirmed, 3);

        var batch = For(confirmed, Change(BookingStatus.Confirmed, 8, Afternoon));

        var reminder = Assert.Single(batch.Enqueue);
        Assert.Equal(NoticeKind.Reminder, reminder.Kind);
        Assert.Equal(Afternoon.AddHours(-2), reminder.NotBefore);
        Assert.Equal([BookingNotices.ReminderId("b1", Morning)], batch.Withdraw);
    }

    [Fact]
    public void A_redefinition_that_keeps_the_time_and_a_repeated_or_older_change_tell_nothing()
    {
        var confirmed = Change(BookingStatus.Confirmed, 3);

        Assert.True(For(confirmed, Change(BookingStatus.Confirmed, 8)).IsEmpty);
        Assert.True(For(confirmed, confirmed).IsEmpty);
        Assert.True(For(Change(BookingStatus.Cancelled, 9, cause: CancellationCause.Staff), Change(BookingStatus.Confirmed, 3)).IsEmpty);
    }

    [Fact]
    public void Check_in_no_show_and_expiry_tell_nothing_by_themselves()
    {
        var confirmed = Change(BookingStatus.Confirmed, 3);

        Assert.True(For(confirmed, Change(BookingStatus.CheckedIn, 9)).IsEmpty);
        Assert.True(For(confirmed, Change(BookingStatus.NoShow, 9)).IsEmpty);
        Assert.True(For(Change(BookingStatus.Waitlisted, 3), Change(BookingStatus.Expired, 9)).IsEmpty);
    }

    [Fact]
    public void Applying_the_same_change_again_gives_the_same_notice_ids()
    {
        var change = Change(BookingStatus.Confirmed, 3);

        var first = _rules.For(Member, null, change, BookedAt);
        var again = _rules.For(Member, null, change, BookedAt.AddHours(5));

        Assert.Equal(first.Enqueue.Select(n => n.NoticeId), again.Enqueue.Select(n => n.NoticeId));
        Assert.Equal(first.Enqueue, again.Enqueue);
    }

    [Fact]
    public void A_session_without_a_place_or_English_title_is_still_named()
    {
        var change = Change(BookingStatus.Confirmed, 3, place: null) with { TitleEn = null };

        var confirmed = For(null, change).Enqueue[0];

        Assert.Equal("预约成功：「瑜伽」，12月3日（周四）09:00。", confirmed.Text);
        Assert.Equal("Booked: \"瑜伽\" on Thu 3 Dec, 09:00.", confirmed.TextEn);
    }

    [Fact]
    public void A_no_show_block_is_named_after_its_no_show_and_lasts_as_long_as_the_block()
    {
        var until = new DateTimeOffset(2026, 12, 17, 9, 20, 0, TimeSpan.FromHours(8));

        var block = BookingNotices.BlockNotice(Member, Change(BookingStatus.NoShow, 9), until, Morning.AddMinutes(20));

        Assert.Equal("b1:no-show-block", block.NoticeId);
        Assert.Equal(NoticeKind.NoShowBlock, block.Kind);
        Assert.Equal(until, block.UsefulUntil);
        Assert.Contains("12月17日（周四）09:20前暂停新的预约", block.Text);
        Assert.Contains("until Thu 17 Dec, 09:20", block.TextEn);
    }
}
