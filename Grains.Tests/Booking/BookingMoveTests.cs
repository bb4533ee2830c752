using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Booking;

/// <summary>Every move of the contract's booking status table, and the moves that do not exist.</summary>
[Collection(BookingCollection.Name)]
public sealed class BookingMoveTests(BookingClusterFixture fixture)
{
    [Fact]
    public async Task Confirmed_to_cancelled_is_free_before_the_deadline_and_a_repeat_answers_the_same()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync();
        var member = await world.MemberAsync("ann");
        var booking = await world.BookAsync(session, member);

        var cancelled = await session.CancelBooking(booking.BookingId, Actor.ResidentOf(member));
        var again = await session.CancelBooking(booking.BookingId, Actor.ResidentOf(member));

        Assert.Equal((BookingStatus.Cancelled, false), (cancelled.Value!.Status, cancelled.Value.Late));
        Assert.Equal(cancelled.Value, again.Value);
        Assert.Equal(0, (await session.Get())!.Booked);
        await world.MemberSeesAsync(member, booking.BookingId, BookingStatus.Cancelled);
    }

    [Fact]
    public async Task Confirmed_to_cancelled_after_the_free_deadline_is_late_but_a_waitlist_place_never_is()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("late", capacity: 1, waitlist: 2);
        var seated = await world.BookAsync(session, await world.MemberAsync("seated"));
        var waiting = await world.BookAsync(session, await world.MemberAsync("waiting"));
        var second = await world.BookAsync(session, await world.MemberAsync("second"));
        fixture.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1)); // past cancelFreeUntil (start − 2 h; start in 3 h)

        var waitCancel = await session.CancelBooking(second.BookingId, Actor.ResidentOf(second.MemberId));
        var seatCancel = await session.CancelBooking(seated.BookingId, Actor.ResidentOf(seated.MemberId));

        Assert.Equal((BookingStatus.Waitlisted, BookingStatus.Cancelled, false), (second.Status, waitCancel.Value!.Status, waitCancel.Value.Late));
        Assert.Equal((BookingStatus.Cancelled, true), (seatCancel.Value!.Status, seatCancel.Value.Late));
        await world.MemberSeesAsync(waiting.MemberId, waiting.BookingId, BookingStatus.Confirmed);
    }

    [Fact]
    public async Task Waitlisted_to_confirmed_promotes_in_arrival_order_and_moves_the_line_up()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("line", capacity: 2, waitlist: 3);
        var answers = new List<BookingSnapshot>();
        foreach (var name in new[] { "a", "b", "c", "d", "e" }) answers.Add(await world.BookAsync(session, await world.MemberAsync(name)));
        Assert.Equal([null, null, 1, 2, 3], answers.Select(a => a.WaitlistPosition));

        await session.CancelBooking(answers[1].BookingId, Actor.ResidentOf(answers[1].MemberId));

        await world.MemberSeesAsync(answers[2].MemberId, answers[2].BookingId, BookingStatus.Confirmed);
        await world.MemberSeesAsync(answers[3].MemberId, answers[3].BookingId, BookingStatus.Waitlisted, position: 1);
        await world.MemberSeesAsync(answers[4].MemberId, answers[4].BookingId, BookingStatus.Waitlisted, position: 2);
        var snapshot = await session.Get();
        Assert.Equal((2, 2), (snapshot!.Booked, snapshot.Waitlisted));

        // A waiter who leaves moves the ones behind up too.
        await session.CancelBooking(answers[3].BookingId, Actor.ResidentOf(answers[3].MemberId));
        await world.MemberSeesAsync(answers[4].MemberId, answers[4].BookingId, BookingStatus.Waitlisted, position: 1);
    }

    [Fact]
    public async Task Waitlisted_to_expired_at_booking_close_and_no_promotion_after_it()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("expire", capacity: 1, waitlist: 2);
        var seated = await world.BookAsync(session, await world.MemberAsync("seated"));
        var waiting = await world.BookAsync(session, await world.MemberAsync("waiting"));
        var before = (await session.Get())!;

        fixture.Time.Advance(TimeSpan.FromHours(3) - TimeSpan.FromMinutes(10)); // bookingClosesAt
        var closed = (await session.Get())!;
        var lateSeat = await session.CancelBooking(seated.BookingId, Actor.ResidentOf(seated.MemberId));

        Assert.Equal(SessionStatus.Open, before.Status);
        Assert.Equal((SessionStatus.Closed, 0), (closed.Status, closed.Waitlisted));
        Assert.True(closed.Version > before.Version, "closing is a change of its own");
        Assert.Equal(BookingStatus.Expired, (await session.GetBooking(waiting.BookingId, Actor.System)).Value!.Status);
        Assert.True(lateSeat.Value!.Late);
        Assert.Equal(0, (await session.Get())!.Booked);
        await world.MemberSeesAsync(waiting.MemberId, waiting.BookingId, BookingStatus.Expired);
        Assert.Equal(ProblemCodes.BookingClosed, (await session.Book(new(await world.MemberAsync("newcomer")), Actor.System)).Problem?.Code);
    }

    [Fact]
    public async Task Confirmed_to_checked_in_opens_thirty_minutes_before_the_start()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("checkin");
        var member = await world.MemberAsync("early");
        var booking = await world.BookAsync(session, member);

        var tooEarly = await session.CheckIn(booking.BookingId, Actor.System);
        fixture.Time.Advance(TimeSpan.FromHours(2.5)); // 30 minutes before the start
        var checkedIn = await session.CheckIn(booking.BookingId, Actor.System);
        var again = await session.CheckIn(booking.BookingId, Actor.System);

        Assert.Equal(ProblemCodes.InvalidState, tooEarly.Problem?.Code);
        Assert.Equal(BookingStatus.CheckedIn, checkedIn.Value!.Status);
        Assert.Equal(checkedIn.Value, again.Value);
        await world.MemberSeesAsync(member, booking.BookingId, BookingStatus.CheckedIn);
    }

    /// <summary>The read path catches up with the clock; the reminder path is tested in <see cref="NoShowReminderTests"/>.</summary>
    [Fact]
    public async Task A_read_after_the_no_show_deadline_already_shows_the_release_while_checked_in_stays()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("noshow", startsIn: TimeSpan.FromMinutes(20));
        var absent = await world.BookAsync(session, await world.MemberAsync("absent"));
        var present = await world.BookAsync(session, await world.MemberAsync("present"));
        Assert.True((await session.CheckIn(present.BookingId, Actor.System)).Succeeded);

        fixture.Time.Advance(TimeSpan.FromMinutes(20 + 14));
        var beforeRelease = await session.GetBooking(absent.BookingId, Actor.System);
        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        var released = await session.GetBooking(absent.BookingId, Actor.System);

        Assert.Equal(BookingStatus.Confirmed, beforeRelease.Value!.Status);
        Assert.Equal(BookingStatus.NoShow, released.Value!.Status);
        Assert.Equal(BookingStatus.CheckedIn, (await session.GetBooking(present.BookingId, Actor.System)).Value!.Status);
        await world.MemberSeesAsync(absent.MemberId, absent.BookingId, BookingStatus.NoShow);
        Assert.Equal(1, (await world.Member(absent.MemberId).ProfileAsync())!.NoShows);
        Assert.Equal(0, (await world.Member(present.MemberId).ProfileAsync())!.NoShows);
    }

    [Fact]
    public async Task Moves_the_table_does_not_have_are_invalid_state()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("invalid", capacity: 2, waitlist: 1, startsIn: TimeSpan.FromMinutes(20));
        var cancelled = await world.BookAsync(session, await world.MemberAsync("c"));
        var checkedIn = await world.BookAsync(session, await world.MemberAsync("i"));
        var waitlisted = await world.BookAsync(session, await world.MemberAsync("w"));
        await session.CancelBooking(cancelled.BookingId, Actor.ResidentOf(cancelled.MemberId));
        await Eventually.Until(async () => (await session.GetBooking(waitlisted.BookingId, Actor.System)).Value!.Status == BookingStatus.Confirmed, "the waiter is promoted");
        var stillWaiting = await world.BookAsync(session, await world.MemberAsync("w2"));
        await session.CheckIn(checkedIn.BookingId, Actor.System);

        Assert.Equal(ProblemCodes.InvalidState, (await session.CheckIn(stillWaiting.BookingId, Actor.System)).Problem?.Code);
        Assert.Equal(ProblemCodes.InvalidState, (await session.CheckIn(cancelled.BookingId, Actor.System)).Problem?.Code);
        Assert.Equal(ProblemCodes.InvalidState, (await session.CancelBooking(checkedIn.BookingId, Actor.System)).Problem?.Code);

        fixture.Time.Advance(TimeSpan.FromMinutes(20 + 15));
        Assert.Equal(ProblemCodes.InvalidState, (await session.CancelBooking(stillWaiting.BookingId, Actor.System)).Problem?.Code); // expired
        Assert.Equal(ProblemCodes.InvalidState, (await session.CheckIn(waitlisted.BookingId, Actor.System)).Problem?.Code); // noShow
        Assert.Equal(ProblemCodes.InvalidState, (await session.CancelBooking(waitlisted.BookingId, Actor.System)).Problem?.Code);
        Assert.Equal(ProblemCodes.NotFound, (await session.CancelBooking("b-unknown", Actor.System)).Problem?.Code);
    }

    [Fact]
    public async Task A_booking_cannot_be_cancelled_once_the_session_has_started()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("started", startsIn: TimeSpan.FromMinutes(30));
        var booking = await world.BookAsync(session, await world.MemberAsync("m"));
        fixture.Time.Advance(TimeSpan.FromMinutes(31));

        var outcome = await session.CancelBooking(booking.BookingId, Actor.ResidentOf(booking.MemberId));

        Assert.Equal(ProblemCodes.InvalidState, outcome.Problem?.Code);
        Assert.Equal(BookingStatus.Confirmed, (await session.GetBooking(booking.BookingId, Actor.System)).Value!.Status);
    }
}
