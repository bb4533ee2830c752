using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Booking;

/// <summary>
/// The paths where a write fails or its outcome is unknown: no answer comes from state that is not durable, a
/// member's hold outlives an unknown outcome without refusing its own retry, and what was acknowledged reaches the
/// member even when the acknowledged state is reverted or the activation dies.
/// </summary>
[Collection(BookingCollection.Name)]
public sealed class FaultPathTests(BookingClusterFixture fixture)
{
    [Fact]
    public async Task A_retry_during_the_read_back_after_a_failed_write_is_not_told_booked()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("readback");
        var member = await world.MemberAsync("m");
        var key = new IdempotencyKey("app", "rb-1");
        var grain = session.GetGrainId();
        var readBack = new TaskCompletionSource();
        fixture.Faults.FailWrites(grain);
        fixture.Faults.HoldReads(grain, readBack.Task);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => session.Book(new BookingRequest(member), Actor.System, key));
        await Eventually.Until(() => fixture.Faults.ReadsWaitingOf(grain) == 1, "the session reads its state back after the failed write");
        var retried = await Answer(session.Book(new BookingRequest(member), Actor.System, key));
        fixture.Faults.ClearReads(grain);
        readBack.SetResult();

        // Either the retry is told the outcome is still unknown, or what it is told is what the store holds.
        var stored = (await session.ListBookings(Actor.System)).Value!;
        if (retried.Booking is { } told) Assert.Contains(stored, b => b.BookingId == told.BookingId && b.Status == told.Status);
        else if (retried.Problem is { } problem) Assert.Equal(ProblemCodes.RequestInProgress, problem.Code);
        else Assert.IsType<StorageUnavailableException>(retried.Error);
        var again = await session.Book(new BookingRequest(member), Actor.System, key);
        Assert.Equal(BookingStatus.Confirmed, again.Value?.Status);
        Assert.Single((await session.ListBookings(Actor.System)).Value!);
    }

    [Fact]
    public async Task A_retry_during_the_read_back_after_a_failed_write_is_not_told_cancelled()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("readback-cancel");
        var member = await world.MemberAsync("m");
        var booking = await world.BookAsync(session, member);
        var key = new IdempotencyKey("app", "rb-2");
        var grain = session.GetGrainId();
        // The booking's delivery and the write of its acknowledgement are behind us before the store fails.
        await Eventually.Until(async () => SessionStore.Undelivered(await fixture.StoredAsync<SessionState>("session", grain)) == 0,
            "the booking's delivery is acknowledged in the store");
        var readBack = new TaskCompletionSource();
        fixture.Faults.FailWrites(grain);
        fixture.Faults.HoldReads(grain, readBack.Task);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => session.CancelBooking(booking.BookingId, Actor.System, key));
        await Eventually.Until(() => fixture.Faults.ReadsWaitingOf(grain) == 1, "the session reads its state back after the failed write");
        var retried = await Answer(session.CancelBooking(booking.BookingId, Actor.System, key));
        fixture.Faults.ClearReads(grain);
        readBack.SetResult();

        var stored = (await session.GetBooking(booking.BookingId, Actor.System)).Value!;
        if (retried.Booking is { } told) Assert.Equal(told.Status, stored.Status);
        else if (retried.Problem is { } problem) Assert.Equal(ProblemCodes.RequestInProgress, problem.Code);
        else Assert.IsType<StorageUnavailableException>(retried.Error);
        var again = await session.CancelBooking(booking.BookingId, Actor.System, key);
        Assert.Equal(BookingStatus.Cancelled, again.Value?.Status);
        Assert.Equal(BookingStatus.Cancelled, (await session.GetBooking(booking.BookingId, Actor.System)).Value!.Status);
    }

    [Fact]
    public async Task After_an_unknown_outcome_the_members_hold_stays_so_an_overlapping_booking_is_refused()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var first = await world.SessionAsync("first", world.Definition(startsIn: TimeSpan.FromHours(3)));
        var overlapping = await world.SessionAsync("overlapping", world.Definition(startsIn: TimeSpan.FromHours(3.5)));
        var member = await world.MemberAsync("m");
        var grain = first.GetGrainId();
        var readBack = new TaskCompletionSource();
        // The booking lands, the session hears a timeout, and its read-back (and so its delivery) waits.
        fixture.Faults.FailWrites(grain, mode: StorageFaults.Mode.FailAfter);
        fixture.Faults.HoldReads(grain, readBack.Task);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => first.Book(new BookingRequest(member), Actor.ResidentOf(member)));
        var second = await overlapping.Book(new BookingRequest(member), Actor.ResidentOf(member));
        fixture.Faults.ClearReads(grain);
        readBack.SetResult();

        Assert.Equal(ProblemCodes.Overlap, second.Problem?.Code);
        var landed = await Eventually.Value(async () => (await first.ListBookings(Actor.System)).Value!, list => list.Count == 1,
            "the session reads back the booking that landed");
        await world.MemberSeesAsync(member, landed[0].BookingId, BookingStatus.Confirmed);
    }

    [Fact]
    public async Task A_booking_that_landed_unseen_is_never_refused_as_full_to_its_member_and_its_retry_replays_it()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("unseen", capacity: 1, waitlist: 0);
        var member = await world.MemberAsync("m");
        var other = await world.MemberAsync("other");
        var key = new IdempotencyKey("app", "unseen-1");
        var grain = session.GetGrainId();
        // The booking lands, the session hears a timeout, and its read-back fails too (the store is overloaded):
        // the session goes on from what it last knew, one booking behind the store.
        fixture.Faults.FailWrites(grain, mode: StorageFaults.Mode.FailAfter);
        fixture.Faults.FailReads(grain);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => session.Book(new BookingRequest(member), Actor.ResidentOf(member), key));
        fixture.Faults.ClearReads(grain);
        // Another member's request holds the only seat (in memory) while its member's hold is being written.
        var otherGrain = world.Member(other).GetGrainId();
        var otherHold = new TaskCompletionSource();
        fixture.Faults.HoldWrites(otherGrain, otherHold.Task);
        var otherBooking = Answer(session.Book(new BookingRequest(other), Actor.ResidentOf(other)));
        await Eventually.Until(() => fixture.Faults.WaitingOf(otherGrain) == 1, "the other member's hold waits at its store");

        // The client retries with the same key, then (told nothing definite, or told full) tries again with a new one.
        var retried = await Answer(session.Book(new BookingRequest(member), Actor.ResidentOf(member), key));
        var anew = await Answer(session.Book(new BookingRequest(member), Actor.ResidentOf(member), new IdempotencyKey("app", "unseen-2")));
        fixture.Faults.Clear(otherGrain);
        otherHold.SetResult();
        await otherBooking;

        // The store holds the member's booking: nothing may have told the member the session was full.
        var landed = await Eventually.Value(async () => (await session.ListBookings(Actor.System)).Value!,
            list => list.Any(b => b.MemberId == member), "the session reads back the booking that landed");
        var booking = Assert.Single(landed, b => b.MemberId == member && b.Status == BookingStatus.Confirmed);
        Assert.True(retried.Problem?.Code != ProblemCodes.Full, "the retry with the booking's own key was told the session is full");
        Assert.True(anew.Problem?.Code != ProblemCodes.Full, "a new request of the booked member was told the session is full");
        if (retried.Booking is { } told) Assert.Equal(booking.BookingId, told.BookingId);
        var replayed = await session.Book(new BookingRequest(member), Actor.ResidentOf(member), key);
        Assert.Equal((booking.BookingId, BookingStatus.Confirmed), (replayed.Value?.BookingId, replayed.Value?.Status));
    }

    [Fact]
    public async Task A_retry_under_way_when_its_own_landed_booking_is_read_back_replays_it_instead_of_refusing()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("unseen-inflight", capacity: 2, waitlist: 0);
        var member = await world.MemberAsync("m");
        var other = await world.MemberAsync("other");
        var key = new IdempotencyKey("app", "unseen-3");
        var grain = session.GetGrainId();
        // The booking lands unseen (timeout, read-back failed): the session goes on one booking behind the store.
        fixture.Faults.FailWrites(grain, mode: StorageFaults.Mode.FailAfter);
        fixture.Faults.FailReads(grain);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => session.Book(new BookingRequest(member), Actor.ResidentOf(member), key));
        fixture.Faults.ClearReads(grain);
        // The retry finds a free seat in memory and waits for its member's hold to be written.
        var memberGrain = world.Member(member).GetGrainId();
        var hold = new TaskCompletionSource();
        fixture.Faults.HoldWrites(memberGrain, hold.Task);
        var retry = Answer(session.Book(new BookingRequest(member), Actor.ResidentOf(member), key));
        await Eventually.Until(() => fixture.Faults.WaitingOf(memberGrain) >= 1, "the retry's hold waits at the member's store");
        // Meanwhile another booking's write is refused by the store's etag, and the landed booking is read back.
        var otherBooking = await Answer(session.Book(new BookingRequest(other), Actor.ResidentOf(other)));
        Assert.IsType<StorageUnavailableException>(otherBooking.Error);
        fixture.Faults.Clear(memberGrain);
        hold.SetResult();
        var retried = await retry;

        var landed = Assert.Single((await session.ListBookings(Actor.System)).Value!, b => b.MemberId == member);
        Assert.True(retried.Problem is null, $"the retry was refused ({retried.Problem?.Code}) though its own booking is stored");
        if (retried.Booking is { } told) Assert.Equal((landed.BookingId, landed.Status), (told.BookingId, told.Status));
        var again = await session.Book(new BookingRequest(member), Actor.ResidentOf(member), key);
        Assert.Equal(landed.BookingId, again.Value?.BookingId);
    }

    [Fact]
    public async Task A_retry_after_a_hold_that_landed_but_timed_out_is_not_refused_by_its_own_hold()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("own-hold");
        var member = await world.MemberAsync("m");
        var key = new IdempotencyKey("app", "oh-1");
        fixture.Faults.FailWrites(world.Member(member).GetGrainId(), mode: StorageFaults.Mode.FailAfter);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => session.Book(new BookingRequest(member), Actor.ResidentOf(member), key));
        var retry = await session.Book(new BookingRequest(member), Actor.ResidentOf(member), key);

        Assert.True(retry.Succeeded, retry.Problem?.Code);
        Assert.Equal(BookingStatus.Confirmed, retry.Value!.Status);
        await world.MemberSeesAsync(member, retry.Value.BookingId, BookingStatus.Confirmed);
    }

    [Fact]
    public async Task A_waitlist_retry_after_a_hold_that_landed_but_timed_out_is_not_refused_as_over_the_limit()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var member = await world.MemberAsync("m");
        // Two upcoming classes of a limit of three, then a full one whose waitlist the member joins.
        for (var i = 0; i < 2; i++)
        {
            var booked = await world.BookAsync(await world.SessionAsync($"class{i}", world.Definition(startsIn: TimeSpan.FromHours(10 + 2 * i))), member);
            // Delivered before the fault is set, so the failing write is the hold's, not this delivery's.
            await world.MemberSeesAsync(member, booked.BookingId, BookingStatus.Confirmed);
        }
        var full = await world.SessionAsync("full", world.Definition(startsIn: TimeSpan.FromHours(3), capacity: 1, waitlist: 3));
        await world.BookAsync(full, await world.MemberAsync("seat"));
        var key = new IdempotencyKey("app", "oh-2");
        fixture.Faults.FailWrites(world.Member(member).GetGrainId(), mode: StorageFaults.Mode.FailAfter);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => full.Book(new BookingRequest(member), Actor.ResidentOf(member), key));
        var retry = await full.Book(new BookingRequest(member), Actor.ResidentOf(member), key);

        Assert.True(retry.Succeeded, retry.Problem?.Code);
        Assert.Equal(BookingStatus.Waitlisted, retry.Value!.Status);
    }

    [Fact]
    public async Task An_acknowledged_change_restored_by_a_failed_write_is_delivered_and_leaves_the_outbox()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("restored");
        var member = await world.MemberAsync("m");
        var grain = session.GetGrainId();
        // The booking's write lands; the next one, which removes the member's acknowledged change, fails.
        fixture.Faults.FailWrites(grain, skip: 1);

        var booking = await world.BookAsync(session, member);
        await world.MemberSeesAsync(member, booking.BookingId, BookingStatus.Confirmed);
        await Eventually.Until(() => fixture.Faults.FailuresOf(grain) == 1, "the write removing the acknowledged change failed");

        await Eventually.Until(async () => SessionStore.Undelivered(await fixture.StoredAsync<SessionState>("session", grain)) == 0,
            "the stored outbox is empty again");
    }

    [Fact]
    public async Task An_acknowledged_cancellation_has_a_durable_reminder_to_deliver_it_if_the_silo_dies()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("armed", world.Definition(startsIn: TimeSpan.FromDays(3)));
        var member = await world.MemberAsync("m");
        var booking = await world.BookAsync(session, member);
        await world.MemberSeesAsync(member, booking.BookingId, BookingStatus.Confirmed);
        var memberGrain = world.Member(member).GetGrainId();
        var delivery = new TaskCompletionSource();
        // The member's side is slow: the delivery has not happened (nor failed) when the answer is given.
        fixture.Faults.HoldWrites(memberGrain, delivery.Task, StorageFaults.Mode.FailBefore);

        var cancelled = await session.CancelBooking(booking.BookingId, Actor.ResidentOf(member));
        var reminder = await fixture.ReminderAsync(session.GetGrainId(), SessionGrain.DeadlineReminder);
        await Eventually.Until(() => fixture.Faults.WaitingOf(memberGrain) == 1, "the delivery waits at the member's store");
        await fixture.Cluster.DeactivateAsync(session);
        fixture.Faults.Clear(memberGrain);
        delivery.SetResult();

        Assert.Equal(BookingStatus.Cancelled, cancelled.Value?.Status);
        Assert.NotNull(reminder);
        Assert.True(reminder.StartAt <= DateTime.UtcNow + fixture.Options.OutboxReminderDue,
            $"the reminder is due at {reminder.StartAt:O}, not within {fixture.Options.OutboxReminderDue} of the answer");
        // Nobody calls the session: the reminder brings it back to deliver.
        await world.MemberSeesAsync(member, booking.BookingId, BookingStatus.Cancelled);
    }

    /// <summary>A call's answer, or the failure it ended in (a 503 to the client).</summary>
    internal static async Task<(BookingSnapshot? Booking, Problem? Problem, Exception? Error)> Answer(Task<Outcome<BookingSnapshot>> call)
    {
        try
        {
            var outcome = await call;
            return (outcome.Value, outcome.Problem, null);
        }
        catch (Exception error)
        {
            return (null, null, error);
        }
    }
}
