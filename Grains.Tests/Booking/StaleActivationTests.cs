using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Booking;

/// <summary>
/// A silo killed mid-write leaves its write on its way to the store, and the store may apply it after the session's
/// next activation (on another silo) has loaded the state. Found by the chaos run: a retry was refused 409 full by the
/// new activation, and then the dead silo's write stored that very booking. Nothing a new activation refuses may be
/// contradicted by what lands after it.
/// </summary>
[Collection(BookingCollection.Name)]
public sealed class StaleActivationTests(BookingClusterFixture fixture)
{
    [Fact]
    public async Task A_new_activation_never_refuses_as_full_the_booking_its_dead_predecessor_was_still_writing()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("zombie", capacity: 1, waitlist: 0);
        var member = await world.MemberAsync("m");
        var other = await world.MemberAsync("other");
        var grain = session.GetGrainId();
        var key = new IdempotencyKey("app", "zombie-1");

        // The other member holds the only seat: the state the next activation will load.
        var held = TestPlaces.Accepted(await session.Book(new BookingRequest(other), Actor.ResidentOf(other)));
        await DeliveredAsync(grain);
        var loaded = await fixture.RawStateAsync<SessionState>("session", grain);
        // The dying silo's write: the other member cancelled and the member booked with the key, the answer journaled
        // in the session's row only (the silo died before moving it to the ledger's rows).
        var ledgerRows = Enumerable.Range(0, SessionLedger.Shards)
            .Select(n => fixture.Client.GetGrain<ISessionLedgerGrain>($"{session.GetPrimaryKeyString()}/{n}").GetGrainId()).ToArray();
        foreach (var row in ledgerRows) fixture.Faults.FailWrites(row, count: 1000);
        try
        {
            TestPlaces.Accepted(await session.CancelBooking(held.BookingId, Actor.ResidentOf(other)));
            var booked = TestPlaces.Accepted(await session.Book(new BookingRequest(member), Actor.ResidentOf(member), key));
            await DeliveredAsync(grain);
            var inFlight = await fixture.RawStateAsync<SessionState>("session", grain);
            await fixture.Cluster.DeactivateAsync(session);
            foreach (var row in ledgerRows) fixture.Faults.Clear(row);

            // Back to the moment that write was still on its way: the row holds the earlier state, and a new activation loads it.
            loaded.ETag = inFlight.ETag;
            var etagWhenSent = await fixture.WriteRawAsync("session", grain, loaded);
            var seen = await session.ListBookings(Actor.System);
            Assert.Contains(seen.Value!, b => b.MemberId == other && b.Status == BookingStatus.Confirmed);
            // Now the store applies it (its etag check passes: nothing has written since the row took that etag).
            inFlight.ETag = etagWhenSent;
            await fixture.WriteRawAsync("session", grain, inFlight);

            // The client, which never heard an answer, retries with the same key.
            var retried = await FaultPathTests.Answer(session.Book(new BookingRequest(member), Actor.ResidentOf(member), key));
            Assert.True(retried.Problem?.Code != ProblemCodes.Full, "the retry was told full, yet the store holds its booking");
            var replayed = await Eventually.Value(
                async () => await FaultPathTests.Answer(session.Book(new BookingRequest(member), Actor.ResidentOf(member), key)),
                a => a.Booking is not null, "a retry with the key replays the booking the store holds");
            Assert.Equal((booked.BookingId, BookingStatus.Confirmed), (replayed.Booking!.BookingId, replayed.Booking.Status));
        }
        finally
        {
            foreach (var row in ledgerRows) fixture.Faults.Clear(row);
        }
    }

    /// <summary>Nothing left for the session to write on its own (its members have heard of every change).</summary>
    private Task DeliveredAsync(GrainId grain) =>
        Eventually.Until(async () => SessionStore.Undelivered(await fixture.StoredAsync<SessionState>("session", grain)) == 0,
            "the session's changes to reach its members");
}
