using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Occupancy.Grains.Idempotency;

/// <summary>Where a caller's keys are registered.</summary>
public static class CallerKeys
{
    /// <summary>
    /// Shards of the registry. Each keeps at most <see cref="CallerKeysGrain.MaxEntries"/> keys for 25 hours, so the
    /// registry remembers about 64,000 keyed successes a day before the oldest are forgotten early (their entity's
    /// own ledger still replays them; only the check across entities lapses).
    /// </summary>
    public const int Shards = 64;

    /// <summary>The shard of a caller: a stable hash of its scope, the same on every node and across restarts.</summary>
    public static ICallerKeysGrain ShardOf(IGrainFactory grains, IdempotencyKey key) =>
        grains.GetGrain<ICallerKeysGrain>(BinaryPrimitives.ReadUInt32LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(key.Scope))) % Shards);
}
