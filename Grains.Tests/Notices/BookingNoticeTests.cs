using Occupancy.Grains.Access;
using Occupancy.Grains.Notices;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Sites;
using Occupancy.Grains.Stats;
using Occupancy.Grains.Tests.Booking;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Notices;

/// <summary>
/// Booking notices end to end, through the real session, member and member-notices grains: what a member finds in
/// their notices after booking, waiting, being promoted, having their session cancelled, and missing sessions.
/// </summary>
[Collection(BookingCollection.Name)]
public sealed class BookingNoticeTests(BookingClusterFixture fixture)
{
    private static string Phone() => "139" + Random.Shared.NextInt64(10_000_000, 99_999_999);

    private IMemberNoticesGrain NoticesOf(BookingWorld world, string memberId) => world.Grains.GetGrain<IMemberNoticesGrain>(memberId);

    private async Task<IReadOnlyList<NoticeView>> ListAsync(BookingWorld world, string memberId)
    {
        var listed = await NoticesOf(world, memberId).List(Actor.System);
        return listed.Value ?? [];
    }

    /// <summary>
    /// The member's notices once the member holds the booking as <paramref name="status"/>: its notices were enqueued
    /// before the member took the change, so they are all there by then (read once, not polled beside the change).
    /// </summary>
    private async Task<IReadOnlyList<NoticeView>> NoticesOnceSeenAsync(BookingWorld world, BookingSnapshot booking, BookingStatus status)
    {
        await world.MemberSeesAsync(booking.MemberId, booking.BookingId, status);
        return await ListAsync(world, booking.MemberId);
    }

    private static NoticeView Find(IReadOnlyList<NoticeView> notices, string noticeId) =>
        notices.FirstOrDefault(n => n.NoticeId == noticeId) ?? throw new Xunit.Sdk.XunitException($"No notice {noticeId} among {string.Join(", ", notices.Select(n => n.NoticeId))}");

    /// <summary>
    /// Runs <paramref name="test"/> while the writes of <paramref name="grain"/> after the first <paramref name="skip"/>
    /// wait at a gate, which the test may open (it opens at the end in any case).
    /// </summary>
    private async Task WithWritesHeldAsync(GrainId grain, int skip, Func<TaskCompletionSource, Task> test)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Faults.HoldWrites(grain, release.Task, skip: skip);
        try
        {
            await test(release);
        }
        finally
        {
            release.TrySetResult();
            fixture.Faults.Clear(grain);
        }
    }

    private static string LocalStart(DateTimeOffset startsAt) =>
        TimeZoneInfo.ConvertTime(startsAt, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).ToString("HH:mm");

    [Fact]
    public async Task Booking_a_seat_enqueues_a_confirmation_naming_the_session_and_a_reminder_before_the_start()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var definition = world.Definition(startsIn: TimeSpan.FromDays(2));
        var session = await world.SessionAsync("yoga", definition);
        var member = await world.MemberAsync("wang", phone: Phone());

        var booking = await world.BookAsync(session, member);

        var notices = await NoticesOnceSeenAsync(world, booking, BookingStatus.Confirmed);
        var confirmed = Find(notices, $"{booking.BookingId}:confirmed");
        Assert.Equal(NoticeKind.BookingConfirmed, confirmed.Kind);
        Assert.Equal(world.SiteId, confirmed.SiteId);
        Assert.Contains("「瑜伽」", confirmed.Text);
        Assert.Contains("操课室", confirmed.Text);
        Assert.Contains(LocalStart(definition.StartsAt), confirmed.Text);
        Assert.Contains("\"Yoga\"", confirmed.TextEn);
        Assert.Equal(definition.StartsAt, confirmed.UsefulUntil);
        Assert.False(confirmed.Urgent);
        var reminder = Find(notices, BookingNotices.ReminderId(booking.BookingId, definition.StartsAt));
        Assert.Equal(NoticeKind.Reminder, reminder.Kind);
        Assert.NotNull(reminder.NotBefore);
        Assert.True(reminder.NotBefore < definition.StartsAt && reminder.NotBefore > world.Now, $"reminder due at {reminder.NotBefore}");
        Assert.Equal(2, notices.Count);
    }

    [Fact]
    public async Task A_bookings_confirmation_and_reminder_are_stored_in_one_write_of_the_members_notices()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var definition = world.Definition(startsIn: TimeSpan.FromDays(2));
        var session = await world.SessionAsync("yoga", definition);
        var member = await world.MemberAsync("qian", phone: Phone());
        var notices = NoticesOf(world, member).GetGrainId();
        // The first write of the member's notices goes through; every later one waits. The member takes the booking
        // only once its notices are stored, so it does so only if one write stored both.
        await WithWritesHeldAsync(notices, skip: 1, async release =>
        {
            var booking = await world.BookAsync(session, member);

            await world.MemberSeesAsync(member, booking.BookingId, BookingStatus.Confirmed);
            release.SetResult();
            var list = await ListAsync(world, member);
            Find(list, $"{booking.BookingId}:confirmed");
            Find(list, BookingNotices.ReminderId(booking.BookingId, definition.StartsAt));
        });
    }

    [Fact]
    public async Task A_bookings_notices_are_fanned_out_and_decided_in_the_write_that_stores_them()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("yoga", world.Definition(startsIn: TimeSpan.FromDays(2)));
        var member = await world.MemberAsync("sun", phone: Phone());
        var notices = NoticesOf(world, member).GetGrainId();
        // Every write of the member's notices after the first waits. The outbox's pass tells the site's list of the
        // day only after any write it makes, so the list hears of the notices only if the pass had none to make.
        await WithWritesHeldAsync(notices, skip: 1, async _ =>
        {
            await world.BookAsync(session, member);

            var day = world.Grains.GetGrain<ISiteNoticesGrain>(SiteNoticesKey.Of(world.SiteId, LocalDates.DateOf(world.Now, "Asia/Shanghai")));
            var listed = await Eventually.Value(async () => (await day.List(Actor.System)).Value ?? [], l => l.Count(n => n.MemberId == member) == 2,
                "the site's list of the day hears of the booking's two notices");
            Assert.All(listed.Where(n => n.MemberId == member), n => Assert.NotEqual(NoticeStatus.Pending, n.Status));
            Assert.Equal(0, fixture.Faults.WaitingOf(notices));
        });
    }

    [Fact]
    public async Task A_site_that_cannot_be_read_does_not_hold_up_a_bookings_notices()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var definition = world.Definition(startsIn: TimeSpan.FromDays(2));
        var session = await world.SessionAsync("yoga", definition);
        var member = await world.MemberAsync("li", phone: Phone());
        // The site's time zone decides when a notice may go; the site's grain now cannot be brought back to answer.
        var site = world.Grains.GetGrain<ISiteGrain>(world.SiteId);
        await fixture.Cluster.DeactivateAsync(site);
        fixture.Faults.FailReads(site.GetGrainId());
        try
        {
            var booking = await world.BookAsync(session, member);

            // The notices are stored as they are and the member takes the booking; the outbox settles them later.
            await world.MemberSeesAsync(member, booking.BookingId, BookingStatus.Confirmed);
            fixture.Faults.ClearReads(site.GetGrainId());
            var settled = await Eventually.Value(() => ListAsync(world, member),
                l => l.Count == 2 && l.All(n => n.Status != NoticeStatus.Pending), "the outbox settles both notices once the site answers");
            Find(settled, $"{booking.BookingId}:confirmed");
            Find(settled, BookingNotices.ReminderId(booking.BookingId, definition.StartsAt));
        }
        finally
        {
            fixture.Faults.ClearReads(site.GetGrainId());
        }
    }

    [Fact]
    public async Task A_waiter_is_told_they_wait_then_that_they_were_promoted_while_the_own_cancellation_tells_nothing_and_withdraws_its_reminder()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var definition = world.Definition(startsIn: TimeSpan.FromDays(2), capacity: 1);
        var session = await world.SessionAsync("yoga", definition);
        var first = await world.BookAsync(session, await world.MemberAsync("first", phone: Phone()));
        var waiter = await world.BookAsync(session, await world.MemberAsync("waiter", phone: Phone()));
        Assert.Equal(BookingStatus.Waitlisted, waiter.Status);
        var waitlisted = Find(await NoticesOnceSeenAsync(world, waiter, BookingStatus.Waitlisted), $"{waiter.BookingId}:waitlisted");
        Assert.Contains("第1位", waitlisted.Text);
        var firstReminder = BookingNotices.ReminderId(first.BookingId, definition.StartsAt);
        Assert.NotEqual(NoticeStatus.Withdrawn, Find(await NoticesOnceSeenAsync(world, first, BookingStatus.Confirmed), firstReminder).Status);

        Assert.True((await session.CancelBooking(first.BookingId, Actor.ResidentOf(first.MemberId))).Succeeded);

        var waiterNotices = await NoticesOnceSeenAsync(world, waiter, BookingStatus.Confirmed);
        var promoted = Find(waiterNotices, $"{waiter.BookingId}:promoted");
        Assert.Equal(NoticeKind.Promoted, promoted.Kind);
        Assert.StartsWith("候补成功", promoted.Text);
        Find(waiterNotices, BookingNotices.ReminderId(waiter.BookingId, definition.StartsAt));
        Assert.DoesNotContain(waiterNotices, n => n.Kind == NoticeKind.BookingConfirmed);
        var firstNotices = await NoticesOnceSeenAsync(world, first, BookingStatus.Cancelled);
        Assert.Equal(NoticeStatus.Withdrawn, Find(firstNotices, firstReminder).Status);
        Assert.DoesNotContain(firstNotices, n => n.Kind == NoticeKind.Cancelled);
    }

    [Fact]
    public async Task A_cancelled_session_tells_each_of_its_members_and_withdraws_their_reminders()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var definition = world.Definition(startsIn: TimeSpan.FromDays(2), capacity: 2);
        var session = await world.SessionAsync("yoga", definition);
        var booked = new List<BookingSnapshot>();
        foreach (var name in new[] { "zhao", "qian", "sun" }) booked.Add(await world.BookAsync(session, await world.MemberAsync(name, phone: Phone())));
        Assert.Equal(BookingStatus.Waitlisted, booked[2].Status);
        foreach (var seat in booked.Take(2))
            Find(await NoticesOnceSeenAsync(world, seat, BookingStatus.Confirmed), BookingNotices.ReminderId(seat.BookingId, definition.StartsAt));
        await NoticesOnceSeenAsync(world, booked[2], BookingStatus.Waitlisted);

        Assert.True((await session.Cancel(Actor.StaffOf("desk", world.SiteId))).Succeeded);

        foreach (var b in booked)
        {
            var notices = await NoticesOnceSeenAsync(world, b, BookingStatus.Cancelled);
            var cancelled = Find(notices, $"{b.BookingId}:cancelled");
            Assert.Equal(NoticeKind.Cancelled, cancelled.Kind);
            Assert.StartsWith("活动已取消：「瑜伽」", cancelled.Text);
            Assert.False(cancelled.Urgent);
            if (b != booked[2]) Assert.Equal(NoticeStatus.Withdrawn, Find(notices, BookingNotices.ReminderId(b.BookingId, definition.StartsAt)).Status);
        }
    }

    [Fact]
    public async Task Staff_cancelling_a_booking_an_hour_before_the_start_sends_an_urgent_notice()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("yoga", world.Definition(startsIn: TimeSpan.FromHours(1)));
        var booking = await world.BookAsync(session, await world.MemberAsync("li", phone: Phone()));

        Assert.True((await session.CancelBooking(booking.BookingId, Actor.StaffOf("desk", world.SiteId))).Succeeded);

        var cancelled = Find(await NoticesOnceSeenAsync(world, booking, BookingStatus.Cancelled), $"{booking.BookingId}:cancelled");
        Assert.True(cancelled.Urgent);
        Assert.StartsWith("您的预约已被工作人员取消", cancelled.Text);
    }

    [Fact]
    public async Task Repeated_no_shows_send_one_block_notice()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var member = await world.MemberAsync("absent", phone: Phone());
        var missed = new List<(ISessionGrain Session, BookingSnapshot Booking)>();
        for (var i = 0; i < fixture.Options.NoShowsBeforeBlock; i++)
        {
            var s = await world.SessionAsync($"missed{i}", world.Definition(startsIn: TimeSpan.FromMinutes(20 + 70 * i)));
            missed.Add((s, await world.BookAsync(s, member)));
        }

        fixture.Time.Advance(TimeSpan.FromMinutes(20 + 70 * (fixture.Options.NoShowsBeforeBlock - 1) + 15));
        foreach (var (s, b) in missed)
        {
            Assert.Equal(BookingStatus.NoShow, (await s.GetBooking(b.BookingId, Actor.System)).Value!.Status);
            await world.MemberSeesAsync(member, b.BookingId, BookingStatus.NoShow);
        }

        var profile = (await world.Member(member).ProfileAsync())!;
        Assert.NotNull(profile.BlockedUntil);
        var block = Assert.Single(await ListAsync(world, member), n => n.Kind == NoticeKind.NoShowBlock);
        Assert.Equal(profile.BlockedUntil, block.UsefulUntil);
        Assert.Contains("暂停新的预约", block.Text);
    }

    [Fact]
    public async Task A_failing_notices_grain_does_not_stop_booking_and_the_notice_arrives_once_it_recovers()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("yoga", world.Definition(startsIn: TimeSpan.FromDays(2)));
        var member = await world.MemberAsync("zhou", phone: Phone());
        var notices = NoticesOf(world, member).GetGrainId();
        fixture.Faults.FailWrites(notices, count: 3);

        var booking = await world.BookAsync(session, member);

        Assert.Equal(BookingStatus.Confirmed, booking.Status);
        await world.MemberSeesAsync(member, booking.BookingId, BookingStatus.Confirmed);
        Assert.Equal(3, fixture.Faults.FailuresOf(notices));
        var list = await ListAsync(world, member);
        Assert.Single(list, n => n.NoticeId == $"{booking.BookingId}:confirmed");
        Assert.Single(list, n => n.Kind == NoticeKind.Reminder);
        fixture.Faults.Clear(notices);
    }

    [Theory]
    [InlineData(StorageFaults.Mode.FailBefore)]
    [InlineData(StorageFaults.Mode.FailAfter)]
    public async Task A_member_write_lost_or_unconfirmed_after_its_notices_were_enqueued_leaves_each_notice_once(StorageFaults.Mode mode)
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("yoga", world.Definition(startsIn: TimeSpan.FromDays(2)));
        var member = await world.MemberAsync("wu", phone: Phone());
        var memberGrain = world.Member(member).GetGrainId();
        // The hold is written; the write taking the confirmed booking, after its notices were enqueued, fails (and is
        // lost, or lands unconfirmed): the session sends the change again.
        fixture.Faults.FailWrites(memberGrain, skip: 1, count: 1, mode: mode);

        var booking = await world.BookAsync(session, member);

        await world.MemberSeesAsync(member, booking.BookingId, BookingStatus.Confirmed);
        Assert.Equal(1, fixture.Faults.FailuresOf(memberGrain));
        var list = await ListAsync(world, member);
        Assert.Equal(2, list.Count);
        Assert.Single(list, n => n.Kind == NoticeKind.BookingConfirmed);
        Assert.Single(list, n => n.Kind == NoticeKind.Reminder);
    }

    [Fact]
    public async Task A_booking_the_members_hold_check_brings_over_from_a_lost_session_still_gets_its_notices()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var definition = world.Definition(startsIn: TimeSpan.FromDays(2));
        var session = await world.SessionAsync("yoga", definition);
        var member = await world.MemberAsync("feng", phone: Phone());
        var memberGrain = world.Member(member).GetGrainId();
        fixture.Faults.FailWrites(memberGrain, skip: 1, count: int.MaxValue);

        var booking = await world.BookAsync(session, member);
        await Eventually.Until(() => fixture.Faults.FailuresOf(memberGrain) >= 1, "the delivery to the member failed");
        await fixture.Cluster.DeactivateAsync(session);
        fixture.Faults.Clear(memberGrain);

        // Nobody calls the session: the member's pending hold asks it, and takes the booking in with its notices.
        var notices = await NoticesOnceSeenAsync(world, booking, BookingStatus.Confirmed);
        Find(notices, $"{booking.BookingId}:confirmed");
        Find(notices, BookingNotices.ReminderId(booking.BookingId, definition.StartsAt));
    }

    [Fact]
    public async Task Reading_a_members_notices_while_their_booking_is_being_noticed_neither_stalls_nor_stalls_the_booking()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var definition = world.Definition(startsIn: TimeSpan.FromDays(2));
        var session = await world.SessionAsync("yoga", definition);
        var member = await world.MemberAsync("zheng", phone: Phone());
        var notices = NoticesOf(world, member).GetGrainId();
        // The member's grain takes the booking inside one turn, enqueuing the confirmation and the reminder. That
        // write is held, so the turn is waiting on the notices grain when a read of the notices (which asks the
        // member's grain for the profile) arrives.
        await WithWritesHeldAsync(notices, skip: 0, async release =>
        {
            var booking = await world.BookAsync(session, member);
            await Eventually.Until(() => fixture.Faults.WaitingOf(notices) == 1, "the notices' write reached the store");
            var reading = ListAsync(world, member);
            release.SetResult();

            // Were the notices grain's calls queued behind the read, the member's would wait for it, and the read for
            // the member's turn: both stall until the call times out, and the booking's news with them.
            var finished = await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(20)));
            Assert.True(finished == reading, "The read of the notices did not finish within 20 s: it waits for the member's grain, which waits for it");
            await world.MemberSeesAsync(member, booking.BookingId, BookingStatus.Confirmed);
            var list = await ListAsync(world, member);
            Find(list, $"{booking.BookingId}:confirmed");
            Find(list, BookingNotices.ReminderId(booking.BookingId, definition.StartsAt));
        });
    }
}
