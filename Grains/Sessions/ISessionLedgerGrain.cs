namespace Occupancy.Grains.Sessions;

/// <summary>
/// The answers a session gave to requests with an Idempotency-Key, keyed "{sessionId}/{shard}" (a stable hash of the
/// key picks one of <see cref="SessionLedger.Shards"/>) and kept in rows of their own so they never crowd the session's state. The session writes an answer first in its own state, with
/// the change (one fact), then moves it here; see <see cref="SessionLedger"/>.
/// </summary>
internal interface ISessionLedgerGrain : IGrainWithStringKey
{
    /// <summary>The durable answer under the key, or null.</summary>
    Task<LedgerEntry<SessionReply>?> Find(string ledgerKey);

    /// <summary>Keeps the answers; completes when they are durable here.</summary>
    Task Keep(IReadOnlyDictionary<string, LedgerEntry<SessionReply>> answers);
}
