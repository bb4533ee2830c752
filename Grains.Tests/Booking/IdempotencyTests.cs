using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Idempotency;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Booking;

/// <summary>The same Idempotency-Key returns the same answer; a retry after a timeout never books twice.</summary>
[Collection(BookingCollection.Name)]
public sealed class IdempotencyTests(BookingClusterFixture fixture)
{
    [Fact]
    public async Task A_repeat_replays_the_original_answer_and_changes_nothing()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("replay", capacity: 1, waitlist: 3);
        await world.BookAsync(session, await world.MemberAsync("seat"));
        var member = await world.MemberAsync("waiter");
        var key = new IdempotencyKey("app", "k-1");

        var first = await session.Book(new BookingRequest(member), Actor.System, key);
        await world.BookAsync(session, await world.MemberAsync("behind"));
        var repeat = await session.Book(new BookingRequest(member), Actor.System, key);

        Assert.Equal(first.Value, repeat.Value);
        Assert.Equal(2, (await session.Get())!.Waitlisted);
    }

    [Fact]
    public async Task The_same_key_with_another_request_is_refused_as_reused()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync();
        var key = new IdempotencyKey("app", "k-2");
        var booked = await session.Book(new BookingRequest(await world.MemberAsync("a")), Actor.System, key);

        var other = await session.Book(new BookingRequest(await world.MemberAsync("b")), Actor.System, key);
        var cancelWithIt = await session.CancelBooking(booked.Value!.BookingId, Actor.System, key);

        Assert.Equal(ProblemCodes.IdempotencyKeyReused, other.Problem?.Code);
        Assert.Equal(ProblemCodes.IdempotencyKeyReused, cancelWithIt.Problem?.Code);
        Assert.Equal(1, (await session.Get())!.Booked);
    }

    [Fact]
    public async Task A_refused_request_is_not_remembered()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("soon", world.Definition(startsIn: TimeSpan.FromHours(4), opensIn: TimeSpan.FromMinutes(30)));
        var member = await world.MemberAsync("m");
        var key = new IdempotencyKey("app", "k-3");

        var early = await session.Book(new BookingRequest(member), Actor.System, key);
        fixture.Time.Advance(TimeSpan.FromMinutes(30));
        var open = await session.Book(new BookingRequest(member), Actor.System, key);

        Assert.Equal(ProblemCodes.BookingNotOpen, early.Problem?.Code);
        Assert.Equal(BookingStatus.Confirmed, open.Value?.Status);
    }

    [Fact]
    public async Task A_repeat_while_the_first_is_running_is_told_it_is_in_progress()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("slow");
        var member = await world.MemberAsync("m");
        var key = new IdempotencyKey("app", "k-4");
        var gate = new TaskCompletionSource();
        fixture.Faults.HoldWrites(session.GetGrainId(), gate.Task);

        var first = session.Book(new BookingRequest(member), Actor.System, key);
        await Eventually.Until(() => fixture.Faults.WaitingOf(session.GetGrainId()) == 1, "the first request's write is in flight");
        var meanwhile = await session.Book(new BookingRequest(member), Actor.System, key);
        fixture.Faults.Clear(session.GetGrainId());
        gate.SetResult();
        var answer = await first;
        var afterwards = await session.Book(new BookingRequest(member), Actor.System, key);

        Assert.Equal(ProblemCodes.RequestInProgress, meanwhile.Problem?.Code);
        Assert.Equal(answer.Value, afterwards.Value);
        Assert.Equal(1, (await session.Get())!.Booked);
    }

    [Fact]
    public async Task A_retry_after_a_write_that_landed_but_timed_out_replays_instead_of_booking_twice()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("timeout");
        var member = await world.MemberAsync("m");
        var key = new IdempotencyKey("app", "k-5");
        fixture.Faults.FailWrites(session.GetGrainId(), mode: StorageFaults.Mode.FailAfter);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => session.Book(new BookingRequest(member), Actor.System, key));
        // A retry while the session still reads its state back is told 503 again (outcome unknown); the client retries.
        var retry = (await Eventually.Value<Outcome<BookingSnapshot>?>(async () =>
        {
            try
            {
                return await session.Book(new BookingRequest(member), Actor.System, key);
            }
            catch (StorageUnavailableException)
            {
                return null;
            }
        }, answer => answer is not null, "a retry is answered once the session has read its state back"))!;

        Assert.Equal(BookingStatus.Confirmed, retry.Value?.Status);
        Assert.Single((await session.ListBookings(Actor.System)).Value!);
        await world.MemberSeesAsync(member, retry.Value!.BookingId, BookingStatus.Confirmed);
    }

    [Fact]
    public async Task Many_copies_of_one_request_at_once_book_once()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("copies");
        var member = await world.MemberAsync("m");
        var key = new IdempotencyKey("app", "k-6");

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => session.Book(new BookingRequest(member), Actor.System, key)));

        var bookings = answers.Where(a => a.Succeeded).Select(a => a.Value!.BookingId).Distinct().ToArray();
        Assert.Single(bookings);
        Assert.All(answers.Where(a => !a.Succeeded), a => Assert.Equal(ProblemCodes.RequestInProgress, a.Problem!.Code));
        Assert.Equal(1, (await session.Get())!.Booked);
    }

    [Fact]
    public async Task A_bookings_key_is_stored_by_the_callers_registry_while_the_session_writes_and_its_success_needs_no_write_after()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("bind");
        var member = await world.MemberAsync("m");
        var target = $"POST /api/sessions/{session.GetPrimaryKeyString()}/bookings";
        var key = new IdempotencyKey($"sub:{Guid.NewGuid():N}", "k-7", target);
        var registry = CallerKeys.ShardOf(world.Grains, key);
        var writesBefore = fixture.Faults.WritesOf(registry.GetGrainId());
        var gate = new TaskCompletionSource();
        fixture.Faults.HoldWrites(session.GetGrainId(), gate.Task);
        Task<Outcome<BookingSnapshot>> booking;
        try
        {
            booking = session.Book(new BookingRequest(member), Actor.System, key);
            await Eventually.Until(() => fixture.Faults.WritesOf(registry.GetGrainId()) > writesBefore,
                "the caller's key is stored while the session's own write is held");
        }
        finally
        {
            fixture.Faults.Clear(session.GetGrainId());
            gate.SetResult();
        }

        Assert.Equal(BookingStatus.Confirmed, (await booking).Value?.Status);
        Assert.Equal(writesBefore + 1, fixture.Faults.WritesOf(registry.GetGrainId()));
        Assert.False(await registry.Reserve(key, "POST /api/sessions/other/bookings"));
    }

    [Fact]
    public async Task A_key_bound_to_another_request_is_refused_by_the_session_and_a_refused_booking_leaves_its_key_free()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("soon-keyed", world.Definition(startsIn: TimeSpan.FromHours(4), opensIn: TimeSpan.FromMinutes(30)));
        var target = $"POST /api/sessions/{session.GetPrimaryKeyString()}/bookings";
        var usedElsewhere = new IdempotencyKey($"sub:{Guid.NewGuid():N}", "k-9", target);
        var registry = CallerKeys.ShardOf(world.Grains, usedElsewhere);
        Assert.True(await registry.Reserve(usedElsewhere, "POST /api/facilities/gate/entries"));
        await registry.Settle(usedElsewhere, "POST /api/facilities/gate/entries", succeeded: true);
        var refusedKey = new IdempotencyKey($"sub:{Guid.NewGuid():N}", "k-10", target);

        var reused = await session.Book(new BookingRequest(await world.MemberAsync("a")), Actor.System, usedElsewhere);
        var notOpen = await session.Book(new BookingRequest(await world.MemberAsync("b")), Actor.System, refusedKey);

        Assert.Equal(ProblemCodes.IdempotencyKeyReused, reused.Problem?.Code);
        Assert.Equal(ProblemCodes.BookingNotOpen, notOpen.Problem?.Code);
        Assert.Equal(0, (await session.Get())!.Booked);
        Assert.True(await CallerKeys.ShardOf(world.Grains, refusedKey).Reserve(refusedKey, "POST /api/facilities/gate/entries"));
    }

    [Fact]
    public async Task A_success_settled_while_its_keys_early_write_is_in_flight_waits_on_that_write_and_makes_none_of_its_own()
    {
        var target = "POST /api/sessions/s/bookings";
        var key = new IdempotencyKey($"sub:{Guid.NewGuid():N}", "k-8", target);
        var registry = CallerKeys.ShardOf(fixture.Client, key);
        Assert.True(await registry.Reserve(key, target));
        var writesBefore = fixture.Faults.WritesOf(registry.GetGrainId());
        var gate = new TaskCompletionSource();
        fixture.Faults.HoldWrites(registry.GetGrainId(), gate.Task);
        Task bound, settled;
        try
        {
            bound = registry.Bind(key);
            await Eventually.Until(() => fixture.Faults.WaitingOf(registry.GetGrainId()) == 1, "the early bind's write is in flight");
            settled = registry.Settle(key, target, succeeded: true);
            Assert.False(await registry.Reserve(key, "POST /api/sessions/t/bookings"));
        }
        finally
        {
            fixture.Faults.Clear(registry.GetGrainId());
            gate.SetResult();
        }
        await Task.WhenAll(bound, settled);

        Assert.Equal(writesBefore + 1, fixture.Faults.WritesOf(registry.GetGrainId()));
    }

    [Fact]
    public void The_ledger_keeps_answers_a_day_and_forgets_the_oldest_beyond_its_bound()
    {
        var ledger = new RequestLedger<string>();
        var inFlight = new InFlightRequests();
        var start = new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);
        var retention = new LedgerRetention(TimeSpan.FromHours(25), 3);
        for (var i = 0; i < 4; i++) ledger.Remember(new IdempotencyKey("s", $"k{i}"), "f", $"r{i}", start.AddMinutes(i), retention);

        Assert.Equal(3, ledger.Count);
        Assert.Equal(LedgerVerdict.New, ledger.Begin(new IdempotencyKey("s", "k0"), "f", inFlight).Verdict);
        Assert.Equal(("r3", LedgerVerdict.Replay), (ledger.Begin(new IdempotencyKey("s", "k3"), "f", inFlight).Result, ledger.Begin(new IdempotencyKey("s", "k3"), "f", inFlight).Verdict));
        Assert.Equal(LedgerVerdict.Reused, ledger.Begin(new IdempotencyKey("s", "k3"), "other", inFlight).Verdict);
        Assert.Equal(LedgerVerdict.New, ledger.Begin(new IdempotencyKey("other-caller", "k3"), "f", inFlight).Verdict);

        ledger.Prune(start.AddHours(24), retention);
        Assert.Equal(3, ledger.Count);
        ledger.Prune(start.AddHours(25).AddMinutes(2).AddSeconds(1), retention);
        Assert.Equal(["s\nk3"], ledger.Entries.Keys);
    }
}
