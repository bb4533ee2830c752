namespace Occupancy.Grains.Idempotency;

/// <summary>
/// The Idempotency-Keys one caller (a subject, or an address when anonymous; the grain's key) has used, and the
/// request target each was used on. Each entity's ledger replays a retry; this registry is what makes the same
/// key on another entity a different request (422), which no single entity can see.
/// </summary>
public interface ICallerKeysGrain : IGrainWithStringKey
{
    /// <summary>
    /// Whether <paramref name="key"/> may be used on <paramref name="target"/>: it is new, or it was used on this
    /// target. A new key is held in memory until <see cref="Settle"/>, so two concurrent requests cannot claim it
    /// for two targets.
    /// </summary>
    Task<bool> Reserve(string key, string target);

    /// <summary>The request ended: a success is remembered durably (before this returns); otherwise the key is let go.</summary>
    Task Settle(string key, string target, bool succeeded);
}
