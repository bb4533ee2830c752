using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Members;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Booking;

/// <summary>
/// Promotion and waitlist positions when holds are slow or refused for now, when a write fails, and when staff
/// change a session under existing bookings. Holds are made slow by holding the member's state write at a gate.
/// </summary>
[Collection(BookingCollection.Name)]
public sealed class PromotionFaultTests(BookingClusterFixture fixture)
{
    [Fact]
    public async Task A_seat_freed_while_the_first_waiter_is_still_being_booked_goes_to_that_waiter_once_booked()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var yoga = await world.SessionAsync("yoga", capacity: 1, waitlist: 5);
        var seated = await world.BookAsync(yoga, await world.MemberAsync("seated"));
        var waiter = await world.MemberAsync("waiter");
        var waiterGrain = world.Member(waiter).GetGrainId();

        // The waiter's hold is slow: the seat frees while their place is still a reservation.
        var gate = new TaskCompletionSource();
        fixture.Faults.HoldWrites(waiterGrain, gate.Task);
        var booking = yoga.Book(new BookingRequest(waiter), Actor.ResidentOf(waiter));
        await Eventually.Until(() => fixture.Faults.WaitingOf(waiterGrain) == 1, "the waiter's hold waits at the gate");
        Assert.True((await yoga.CancelBooking(seated.BookingId, Actor.System)).Succeeded);
        fixture.Faults.Clear(waiterGrain);
        gate.SetResult();
        var waiting = await booking;
        Assert.Equal(BookingStatus.Waitlisted, waiting.Value!.Status);

        await Eventually.Until(async () => (await yoga.GetBooking(waiting.Value.BookingId, Actor.System)).Value!.Status == BookingStatus.Confirmed,
            "the waiter, first in line once booked, gets the free seat");
        var late = await world.BookAsync(yoga, await world.MemberAsync("newcomer"));
        Assert.Equal(BookingStatus.Waitlisted, late.Status);
        Assert.Equal(1, (await yoga.Get())!.Booked);
    }

    [Fact]
    public async Task A_waiter_refused_for_now_keeps_their_place_and_gets_the_seat_once_the_refusal_passes()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var yoga = await world.SessionAsync("yoga", capacity: 1, waitlist: 5);
        var seated = await world.BookAsync(yoga, await world.MemberAsync("seated"));
        var parent = await world.MemberAsync("parent");
        var child = await world.MemberAsync("child", family: [parent]);
        var waiting = await world.BookAsync(yoga, child, Actor.ResidentOf(parent));
        Assert.Equal(BookingStatus.Waitlisted, waiting.Status);

        // The family link the booking was made through is gone when the seat frees: refused, but not for good.
        await DefineAsync(world, child, family: []);
        // The promotion's hold is asked before the cancellation is answered; the member answers in order.
        Assert.True((await yoga.CancelBooking(seated.BookingId, Actor.System)).Succeeded);
        await DefineAsync(world, child, family: [parent]);
        fixture.Time.Advance(TimeSpan.FromSeconds(5));

        await Eventually.Until(async () => (await yoga.GetBooking(waiting.BookingId, Actor.System)).Value!.Status == BookingStatus.Confirmed,
            "the waiter is asked again after the back-off and confirmed");
    }

    [Fact]
    public async Task After_a_minute_of_refusals_the_seat_goes_to_the_next_in_line_and_the_first_stays_first()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var yoga = await world.SessionAsync("yoga", capacity: 1, waitlist: 5);
        var seated = await world.BookAsync(yoga, await world.MemberAsync("seated"));
        var parent = await world.MemberAsync("parent");
        var child = await world.MemberAsync("child", family: [parent]);
        var first = await world.BookAsync(yoga, child, Actor.ResidentOf(parent));
        var second = await world.BookAsync(yoga, await world.MemberAsync("second"));
        await DefineAsync(world, child, family: []);

        Assert.True((await yoga.CancelBooking(seated.BookingId, Actor.System)).Succeeded);
        var refusedFirst = await Eventually.Value(() => yoga.GetBooking(first.BookingId, Actor.System), b => b.Value!.Status == BookingStatus.Waitlisted,
            "the first waiter, refused for now, is still waiting");
        Assert.Equal(1, refusedFirst.Value!.WaitlistPosition);
        // The minute counts from the first refusal, which may come after this point on a busy machine: the clock
        // moves a minute on, once a second of real time, until the seat moves (booking closes hours later).
        var lastMove = DateTime.UtcNow.AddSeconds(-1);
        await Eventually.Until(async () =>
        {
            if (DateTime.UtcNow - lastMove >= TimeSpan.FromSeconds(1))
            {
                fixture.Time.Advance(TimeSpan.FromSeconds(61));
                lastMove = DateTime.UtcNow;
            }
            return (await yoga.GetBooking(second.BookingId, Actor.System)).Value!.Status == BookingStatus.Confirmed;
        }, "after a minute of refusals the seat goes to the second in line", TimeSpan.FromSeconds(90));
        var stillFirst = (await yoga.GetBooking(first.BookingId, Actor.System)).Value!;
        Assert.Equal(BookingStatus.Waitlisted, stillFirst.Status);
        Assert.Equal(1, stillFirst.WaitlistPosition);
    }

    [Fact]
    public async Task A_waiter_no_longer_eligible_when_a_seat_frees_loses_the_booking_but_not_as_late()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var adults = await world.SessionAsync("adults", world.Definition(capacity: 1, eligibility: new Eligibility([AgeGroup.Adult])));
        var seated = await world.BookAsync(adults, await world.MemberAsync("seated"));
        var waiter = await world.MemberAsync("waiter");
        var waiting = await world.BookAsync(adults, waiter);
        var next = await world.BookAsync(adults, await world.MemberAsync("next"));
        await world.Member(waiter).Define(new MemberProfile("waiter", HomeSiteId: world.SiteId, AgeGroup: AgeGroup.Senior, Resident: true), Actor.System);

        Assert.True((await adults.CancelBooking(seated.BookingId, Actor.System)).Succeeded);

        await Eventually.Until(async () => (await adults.GetBooking(next.BookingId, Actor.System)).Value!.Status == BookingStatus.Confirmed,
            "the seat goes to the next eligible waiter");
        var ended = (await adults.GetBooking(waiting.BookingId, Actor.System)).Value!;
        Assert.Equal(BookingStatus.Cancelled, ended.Status);
        Assert.False(ended.Late);
    }

    [Fact]
    public async Task Waitlist_positions_move_up_when_a_place_ahead_is_lost_by_a_failed_write()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var yoga = await world.SessionAsync("yoga", capacity: 1, waitlist: 5);
        await world.BookAsync(yoga, await world.MemberAsync("seated"));
        var ahead = await world.MemberAsync("ahead");
        var aheadGrain = world.Member(ahead).GetGrainId();
        var gate = new TaskCompletionSource();
        fixture.Faults.HoldWrites(aheadGrain, gate.Task);
        var aheadBooking = yoga.Book(new BookingRequest(ahead), Actor.ResidentOf(ahead));
        await Eventually.Until(() => fixture.Faults.WaitingOf(aheadGrain) == 1, "the first waiter's hold waits at the gate");

        var behind = await world.BookAsync(yoga, await world.MemberAsync("behind"));
        Assert.Equal(2, behind.WaitlistPosition);

        // The first waiter's booking is lost: the session's writes fail (all of them, so no other write takes the fault).
        var sessionGrain = yoga.GetGrainId();
        fixture.Faults.FailWrites(sessionGrain, count: int.MaxValue);
        fixture.Faults.Clear(aheadGrain);
        gate.SetResult();
        await Assert.ThrowsAsync<StorageUnavailableException>(() => aheadBooking);
        fixture.Faults.Clear(sessionGrain);

        await Eventually.Until(async () => (await yoga.GetBooking(behind.BookingId, Actor.System)).Value!.WaitlistPosition == 1,
            "the waiter behind the lost place is first now");
        await world.MemberSeesAsync(behind.MemberId, behind.BookingId, BookingStatus.Waitlisted, position: 1);
    }

    [Fact]
    public async Task Changing_times_category_or_eligibility_cancels_the_bookings_that_now_break_a_rule_and_lists_them()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var overlapping = await world.MemberAsync("overlapping");
        var youngster = await world.MemberAsync("youngster", AgeGroup.Child);
        var busy = await world.MemberAsync("busy");
        var kept = await world.MemberAsync("kept");
        var morning = await world.SessionAsync("morning", world.Definition(startsIn: TimeSpan.FromHours(3)));
        await world.BookAsync(morning, overlapping);
        for (var i = 0; i < fixture.Options.MaxUpcomingPerCategory; i++)
            await world.BookAsync(await world.SessionAsync($"course{i}", world.Definition(startsIn: TimeSpan.FromHours(10 + i), category: BookingCategory.Course)), busy);

        var definition = world.Definition(startsIn: TimeSpan.FromHours(6), capacity: 2, waitlist: 5);
        var evening = await world.SessionAsync("evening", definition);
        var seats = new Dictionary<string, BookingSnapshot>();
        foreach (var member in new[] { overlapping, youngster, busy, kept }) seats[member] = await world.BookAsync(evening, member);

        // Moved onto the morning session's time, made a course, for adults only.
        var changed = await evening.Define(definition with
        {
            StartsAt = definition.StartsAt.AddHours(-3),
            EndsAt = definition.EndsAt.AddHours(-3),
            BookingClosesAt = definition.BookingClosesAt.AddHours(-3),
            CancelFreeUntil = definition.CancelFreeUntil.AddHours(-3),
            Category = BookingCategory.Course,
            Eligibility = new Eligibility([AgeGroup.Adult]),
        }, Actor.System);

        Assert.True(changed.Succeeded, changed.Problem?.Detail);
        var listed = changed.Value!.Snapshot.CancelledBookings!;
        Assert.Equal(new[] { overlapping, youngster, busy }.Order(), listed.Select(b => b.MemberId).Order());
        Assert.All(listed, b => Assert.False(b.Late));
        foreach (var member in new[] { overlapping, youngster, busy })
            Assert.Equal(BookingStatus.Cancelled, (await evening.GetBooking(seats[member].BookingId, Actor.System)).Value!.Status);
        // The kept waiter was behind them; the seats they freed go to the waitlist.
        await Eventually.Until(async () => (await evening.GetBooking(seats[kept].BookingId, Actor.System)).Value!.Status == BookingStatus.Confirmed,
            "the kept waiter is promoted to a freed seat");
        await world.MemberSeesAsync(youngster, seats[youngster].BookingId, BookingStatus.Cancelled);
    }

    private static async Task DefineAsync(BookingWorld world, string memberId, IReadOnlyList<string> family)
    {
        var outcome = await world.Member(memberId).Define(new MemberProfile(memberId[(world.Prefix.Length + 1)..], null, world.SiteId, AgeGroup.Adult, true, null, family), Actor.System);
        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
    }
}
