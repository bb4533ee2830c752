namespace Occupancy.Grains.Idempotency;

/// <summary>
/// One shard of the callers' Idempotency-Key registry: for each caller (a subject, or an address when anonymous)
/// the keys it used and the request target each was used on. Each entity's ledger replays a retry; this registry is
/// what makes the same key on another entity a different request (422), which no single entity can see.
/// A caller's keys all live in one shard (<see cref="CallerKeys.ShardOf"/>); many callers share a shard, so a rush of
/// distinct callers costs a few shared writes, not one store row per caller. Version 1 added <see cref="Bind"/>
/// (docs/upgrades.md, rule 1).
/// </summary>
[Orleans.CodeGeneration.Version(1)]
public interface ICallerKeysGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Whether <paramref name="key"/> may be used on <paramref name="target"/>: it is new, or it was used on this
    /// target. A new key is held in memory until <see cref="Settle"/>, so two concurrent requests cannot claim it
    /// for two targets.
    /// </summary>
    Task<bool> Reserve(IdempotencyKey key, string target);

    /// <summary>The request ended: a success is remembered durably (before this returns); otherwise the key is let go.</summary>
    Task Settle(IdempotencyKey key, string target, bool succeeded);

    /// <summary>
    /// Binds the key to its <see cref="IdempotencyKey.Target"/> durably, called by the entity while its own write
    /// commits the request: from there the request either succeeds or has an unknown outcome (which a retry on the
    /// same target settles), so the key is the request's either way. The success's <see cref="Settle"/> then finds
    /// it stored and answers without a write. Nothing to do for a key without a target.
    /// </summary>
    Task Bind(IdempotencyKey key);
}
