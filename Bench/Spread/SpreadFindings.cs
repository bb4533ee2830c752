namespace Occupancy.Bench.Spread;

/// <summary>
/// Why the spread cannot reach 0.8× the store's raw write rate as the booking path stands (read from the code and
/// Orleans' activation counters during a spread; the lead's profile in a quiet window gives the shares): a booking
/// costs several store writes, two of them one after the other before the answer.
/// </summary>
internal static class SpreadFindings
{
    public const string WhyMissed =
        "a booking makes two store writes in turn before it is answered (the member's hold, then the session's group commit) and two or three " +
        "after it (the outbox delivering the booking to the member, the session writing the acknowledgement, the day's statistics): with one " +
        "booking per session at a time there is nothing for group commit to merge, so bookings/s is bounded near a third to a quarter of raw writes";

    public const string Profile =
        "Profile (Occupancy, spread): per booking, SessionGrain.Book awaits IMemberGrain.Hold (a member-state write, so the member's rules hold " +
        "across sessions), then the session's GroupCommit write; after the answer, the outbox's ApplyBookingChanges writes the member again and the " +
        "session writes the outbox acknowledgement; SiteDayGrain counts the booking. Against raw upserts of the same size that is 4–5 writes for " +
        "one. Cheap and correct fixes do not remove a write from that path; the proposals are structural (for the booking path's owner): " +
        "(1) let the member's hold ride on the session's write (the session's ledger already records the booking; the member could learn it from " +
        "the outbox alone, with overlap and caps checked against a reservation that is not persisted, and re-checked at delivery), halving the " +
        "writes before the answer; (2) merge the outbox acknowledgement into the next booking's group commit rather than a write of its own.";

    /// <summary>Said beside the figures when Occupancy answered 503s the raw writers at the same concurrency did not get.</summary>
    public const string Unavailable =
        "503 storage-unavailable means a write the store did not answer within the client's network timeout (4 s, three tries): the " +
        "outcome is unknown, so the booking is not acknowledged. The store client fails fast only after the store has answered nothing for 2 s " +
        "(Grains/Shared/StoreCircuit.cs); one late answer from a busy Azurite no longer fails the writes around it. 503 cluster-unavailable is a " +
        "grain call that timed out in the cluster.";
}
