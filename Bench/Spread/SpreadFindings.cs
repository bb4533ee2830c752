namespace Occupancy.Bench.Spread;

/// <summary>
/// Why the spread cannot reach 0.8× the store's raw write rate as the booking path stands: the store operations per
/// booking (the silo's own counts, reported beside the figures) and where Azurite's single thread spends its time
/// (its CPU profile, BENCHMARKS.md).
/// </summary>
internal static class SpreadFindings
{
    public const string WhyMissed =
        "a booking costs the store about seven grain-state writes and a read (counted per booking beside the figures), each one raw " +
        "write's worth or more, and waits on two of them in turn (the member's hold, then the session's write with the caller's key " +
        "beside it), each queued at Azurite, which serves one request at a time, behind other bookings' writes; taking three writes " +
        "after the answer away (ten to seven) did not raise the rate, while taking the key's write out of the turn (three waits to two) " +
        "raised it by a third, so those waits bound it";

    public const string Profile =
        "Profile (Occupancy, spread): the store operations per booking are counted from the silo's metrics beside the figures. Before the " +
        "answer: the member's hold (a member write, so overlap and caps hold across sessions), then the session's group commit (the booking " +
        "with its answer) and beside it the caller's key (so the same key on another request is refused); after it: the answer moved to the session's ledger row (so a keyed retry gets the same answer for a day), the " +
        "member's notices (the confirmation and the reminder, fanned out and decided in one write), the outbox delivering the booking to the member (a member " +
        "write) and the session's acknowledgement, the day's statistics. Each guards a property a user sees (no overbooking across sessions, at-least-once notices, a retry books once); none " +
        "is removed for speed. Azurite 3.37 looks an entity up by {RowKey, PartitionKey} in that order and walks every row sharing the " +
        "RowKey: with Orleans' RowKey (the state's name) each lookup scanned every row of its kind, a third of Azurite's busy time; a " +
        "store made since keys each grain's row of its own (Silo/Storage/RowPerGrainStorage.cs). " +
        "Structural proposals, not done: let the member's hold ride on the session's write; fold the outbox acknowledgement into the next " +
        "group commit.";

    /// <summary>Said beside the figures when Occupancy answered 503s the raw writers at the same concurrency did not get.</summary>
    public const string Unavailable =
        "503 storage-unavailable means a write the store did not answer within the client's network timeout (4 s, three tries): the " +
        "outcome is unknown, so the booking is not acknowledged. The store client fails fast only after the store has answered nothing for 2 s " +
        "(Grains/Shared/StoreCircuit.cs); one late answer from a busy Azurite no longer fails the writes around it. 503 cluster-unavailable is a " +
        "grain call that timed out in the cluster.";
}
