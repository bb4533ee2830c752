using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Booking;

/// <summary>
/// A request whose member's hold is slow was given its place under a state that a failed write then took back
/// (found by the model tests): the place must be checked again when the hold answers.
/// </summary>
[Collection(BookingCollection.Name)]
public sealed class LostWriteTests(BookingClusterFixture fixture)
{
    [Fact]
    public async Task A_seat_promised_under_a_capacity_that_was_never_stored_is_refused_as_full()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var definition = world.Definition(capacity: 1, waitlist: 0);
        var yoga = await world.SessionAsync("yoga", definition);
        await world.BookAsync(yoga, await world.MemberAsync("seated"));
        var sessionGrain = yoga.GetGrainId();

        // Capacity 2 is decided in memory, but its write will fail.
        var sessionGate = new TaskCompletionSource();
        fixture.Faults.HoldWrites(sessionGrain, sessionGate.Task, StorageFaults.Mode.FailBefore);
        var raise = yoga.Define(definition with { Capacity = 2 }, Actor.System);
        await Eventually.Until(() => fixture.Faults.WaitingOf(sessionGrain) == 1, "the new capacity's write waits at the gate");

        // Meanwhile a newcomer is promised the second seat; their hold is slow.
        var newcomer = await world.MemberAsync("newcomer");
        var memberGate = new TaskCompletionSource();
        fixture.Faults.HoldWrites(world.Member(newcomer).GetGrainId(), memberGate.Task);
        var booking = yoga.Book(new BookingRequest(newcomer), Actor.ResidentOf(newcomer));
        await Eventually.Until(() => fixture.Faults.WaitingOf(world.Member(newcomer).GetGrainId()) == 1, "the newcomer's hold waits at the gate");

        sessionGate.SetResult();
        await Assert.ThrowsAsync<StorageUnavailableException>(() => raise);
        fixture.Faults.Clear(sessionGrain);
        fixture.Faults.Clear(world.Member(newcomer).GetGrainId());
        memberGate.SetResult();

        var answer = await booking;
        Assert.Equal(ProblemCodes.Full, answer.Problem?.Code);
        var session = (await yoga.Get())!;
        Assert.Equal(1, session.Capacity);
        Assert.Equal(1, session.Booked);
    }

    [Fact]
    public async Task A_member_whose_cancellation_was_lost_is_not_booked_twice_by_booking_again()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var yoga = await world.SessionAsync("yoga", capacity: 1, waitlist: 5);
        await world.BookAsync(yoga, await world.MemberAsync("seated"));
        var waiter = await world.MemberAsync("waiter");
        var waiting = await world.BookAsync(yoga, waiter);
        Assert.Equal(BookingStatus.Waitlisted, waiting.Status);
        await world.MemberSeesAsync(waiter, waiting.BookingId, BookingStatus.Waitlisted);
        var sessionGrain = yoga.GetGrainId();
        var waiterGrain = world.Member(waiter).GetGrainId();

        // The cancellation is decided in memory, but its write will fail.
        var sessionGate = new TaskCompletionSource();
        fixture.Faults.HoldWrites(sessionGrain, sessionGate.Task, StorageFaults.Mode.FailBefore);
        var cancel = yoga.CancelBooking(waiting.BookingId, Actor.ResidentOf(waiter));
        await Eventually.Until(() => fixture.Faults.WaitingOf(sessionGrain) == 1, "the cancellation's write waits at the gate");

        // Meanwhile the member books again; their hold is slow.
        var memberGate = new TaskCompletionSource();
        fixture.Faults.HoldWrites(waiterGrain, memberGate.Task);
        var again = yoga.Book(new BookingRequest(waiter), Actor.ResidentOf(waiter));
        await Eventually.Until(() => fixture.Faults.WaitingOf(waiterGrain) == 1, "the new booking's hold waits at the gate");

        sessionGate.SetResult();
        await Assert.ThrowsAsync<StorageUnavailableException>(() => cancel);
        fixture.Faults.Clear(sessionGrain);
        fixture.Faults.Clear(waiterGrain);
        memberGate.SetResult();

        var answer = await again;
        Assert.Equal(ProblemCodes.AlreadyBooked, answer.Problem?.Code);
        var bookings = (await yoga.ListBookings(Actor.System)).Value!;
        Assert.Single(bookings, b => b.MemberId == waiter && b.Status is BookingStatus.Waitlisted or BookingStatus.Confirmed);
        Assert.Equal(1, (await yoga.Get())!.Waitlisted);
    }
}
