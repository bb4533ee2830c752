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

    /// <summary>The 422's detail, wherever the key was registered.</summary>
    public const string ReusedDetail = "This Idempotency-Key was used before on another request.";

    /// <summary>The shard of a caller: a stable hash of its scope, the same on every node and across restarts.</summary>
    public static ICallerKeysGrain ShardOf(IGrainFactory grains, IdempotencyKey key) =>
        grains.GetGrain<ICallerKeysGrain>(BinaryPrimitives.ReadUInt32LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(key.Scope))) % Shards);

    /// <summary>
    /// Runs a request in the entity that registers its caller's key itself (<see cref="IdempotencyKey.Target"/> set by
    /// the Api), as <see cref="RegisteredAsync{TAnswer}"/> does; the entity may bind a success beside its own write
    /// (<see cref="ICallerKeysGrain.Bind"/>). A key without a target runs as it is.
    /// </summary>
    public static Task<Outcome<T>> RegisteredAsync<T>(IGrainFactory grains, IdempotencyKey? key, Func<Task<Outcome<T>>> request) =>
        key?.Target is { } target
            ? RegisteredAsync(grains, key, target, request, outcome => outcome.Problem is null, () => new Problem(ProblemCodes.IdempotencyKeyReused, ReusedDetail))
            : request();

    /// <summary>
    /// Runs a request under the caller's key: the key is reserved for <paramref name="target"/> first (the
    /// <paramref name="reused"/> answer when another request holds or used it), and settled when the request ends. A
    /// success is bound durably before it is answered; a failure, or an exception, leaves the key free.
    /// </summary>
    public static async Task<TAnswer> RegisteredAsync<TAnswer>(IGrainFactory grains, IdempotencyKey key, string target,
        Func<Task<TAnswer>> request, Func<TAnswer, bool> succeeded, Func<TAnswer> reused)
    {
        var registry = ShardOf(grains, key);
        if (!await registry.Reserve(key, target)) return reused();
        TAnswer answer;
        try
        {
            answer = await request();
        }
        catch
        {
            await LetGoAsync(registry, key, target);
            throw;
        }
        await registry.Settle(key, target, succeeded(answer));
        return answer;
    }

    /// <summary>Frees the key of a request that failed with an exception; a failure to free it is not the answer.</summary>
    private static async Task LetGoAsync(ICallerKeysGrain registry, IdempotencyKey key, string target)
    {
        try
        {
            await registry.Settle(key, target, succeeded: false);
        }
        catch
        {
            // The request's own failure is the answer; an unreleased key is only held in memory until deactivation.
        }
    }
}
