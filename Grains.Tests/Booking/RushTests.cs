using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Booking;

/// <summary>A popular class opens and everyone presses at once.</summary>
[Collection(BookingCollection.Name)]
public sealed class RushTests(BookingClusterFixture fixture)
{
    [Fact]
    public async Task A_thousand_bookings_at_once_fill_exactly_the_seats_then_the_waitlist_in_order()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("hot", capacity: 30, waitlist: 10);
        var members = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => world.MemberAsync($"m{i:0000}")));

        var answers = await Task.WhenAll(members.Select(m => session.Book(new BookingRequest(m), Actor.System)));

        var confirmed = answers.Where(a => a.Value?.Status == BookingStatus.Confirmed).Select(a => a.Value!).ToArray();
        var waitlisted = answers.Where(a => a.Value?.Status == BookingStatus.Waitlisted).Select(a => a.Value!).ToArray();
        var refused = answers.Where(a => !a.Succeeded).ToArray();
        Assert.Equal(30, confirmed.Length);
        Assert.Equal(10, waitlisted.Length);
        Assert.Equal(960, refused.Length);
        Assert.All(refused, a => Assert.Equal(ProblemCodes.Full, a.Problem!.Code));
        Assert.Equal(Enumerable.Range(1, 10), waitlisted.Select(w => w.WaitlistPosition!.Value).Order());

        var snapshot = await session.Get();
        Assert.Equal((30, 0, 10), (snapshot!.Booked, snapshot.Available, snapshot.Waitlisted));

        // The session's own line matches what each waiter was told, in arrival order.
        var line = (await session.ListBookings(Actor.System)).Value!.Where(b => b.Status == BookingStatus.Waitlisted).ToArray();
        Assert.Equal(Enumerable.Range(1, 10), line.Select(b => b.WaitlistPosition!.Value));
        Assert.Equal(waitlisted.OrderBy(w => w.WaitlistPosition).Select(w => w.BookingId), line.Select(b => b.BookingId));

        // Two seats given back go to the first two in line; the others move up.
        foreach (var seat in confirmed.Take(2)) Assert.True((await session.CancelBooking(seat.BookingId, Actor.ResidentOf(seat.MemberId))).Succeeded);
        await Eventually.Until(async () => (await session.Get())!.Waitlisted == 8, "two waiters are promoted");
        var after = (await session.ListBookings(Actor.System)).Value!;
        Assert.All(line.Take(2), promoted => Assert.Equal(BookingStatus.Confirmed, after.Single(b => b.BookingId == promoted.BookingId).Status));
        Assert.Equal(line.Skip(2).Select(b => b.BookingId), after.Where(b => b.Status == BookingStatus.Waitlisted).Select(b => b.BookingId));
        Assert.Equal(Enumerable.Range(1, 8), after.Where(b => b.Status == BookingStatus.Waitlisted).Select(b => b.WaitlistPosition!.Value));
        Assert.Equal(30, (await session.Get())!.Booked);
    }

    [Fact]
    public async Task Requests_arriving_during_a_write_share_the_next_write_and_none_is_answered_before_it_is_durable()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("group", capacity: 100, waitlist: 0);
        var members = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => world.MemberAsync($"g{i:00}")));
        var sessionId = session.GetGrainId();
        var writesBefore = fixture.Faults.WritesOf(sessionId);
        var gate = new TaskCompletionSource();
        fixture.Faults.HoldWrites(sessionId, gate.Task);

        var bookings = members.Select(m => session.Book(new BookingRequest(m), Actor.System)).ToArray();
        await Eventually.Until(
            () => fixture.Faults.WaitingOf(sessionId) == 1 && members.All(m => fixture.Faults.WritesOf(world.Member(m).GetGrainId()) >= 2),
            "every member's hold is written and the session's first write is in flight");

        Assert.DoesNotContain(bookings, b => b.IsCompleted);
        Assert.Equal(0, (await session.Get())!.Booked);

        fixture.Faults.Clear(sessionId);
        gate.SetResult();
        var answers = await Task.WhenAll(bookings);

        Assert.All(answers, a => Assert.Equal(BookingStatus.Confirmed, a.Value?.Status));
        Assert.Equal(60, (await session.Get())!.Booked);
        // 60 bookings, a handful of writes (the held one, the one everyone else joined, outbox acknowledgements).
        var writes = fixture.Faults.WritesOf(sessionId) - writesBefore;
        Assert.InRange(writes, 2, 10);
    }

    [Fact]
    public async Task When_a_shared_write_fails_every_request_in_it_fails_and_their_retries_book_each_member_once()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("failing", capacity: 100, waitlist: 0);
        var members = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => world.MemberAsync($"f{i:00}")));
        var sessionId = session.GetGrainId();
        var gate = new TaskCompletionSource();
        fixture.Faults.HoldWrites(sessionId, gate.Task, thenFail: StorageFaults.Mode.FailBefore);

        var bookings = members.Select(m => (Member: m, Task: session.Book(new BookingRequest(m), Actor.System, new IdempotencyKey("test", $"key-{m}")))).ToArray();
        await Eventually.Until(
            () => fixture.Faults.WaitingOf(sessionId) == 1 && members.All(m => fixture.Faults.WritesOf(world.Member(m).GetGrainId()) >= 2),
            "every request has its hold and waits for the held write");
        fixture.Faults.Clear(sessionId);
        gate.SetResult();

        var first = new Dictionary<string, BookingSnapshot?>();
        foreach (var (member, task) in bookings)
        {
            try
            {
                first[member] = (await task).Value;
            }
            catch (StorageUnavailableException)
            {
                first[member] = null;
            }
        }
        Assert.Equal(1, fixture.Faults.FailuresOf(sessionId));
        // The failed write and everything that had joined the next one: nothing of them is kept.
        Assert.True(first.Values.Count(v => v is null) >= 2, "the requests of the failed write and of the batch behind it failed");
        Assert.Equal(first.Values.Count(v => v is not null), (await session.Get())!.Booked);

        var retries = await Task.WhenAll(members.Select(m => session.Book(new BookingRequest(m), Actor.System, new IdempotencyKey("test", $"key-{m}"))));
        Assert.All(retries, r => Assert.Equal(BookingStatus.Confirmed, r.Value?.Status));
        foreach (var (member, retry) in members.Zip(retries))
        {
            if (first[member] is { } earlier) Assert.Equal(earlier.BookingId, retry.Value!.BookingId);
        }
        var list = (await session.ListBookings(Actor.System)).Value!;
        Assert.Equal(members.Order(), list.Where(b => b.Status == BookingStatus.Confirmed).Select(b => b.MemberId).Order());
    }
}
