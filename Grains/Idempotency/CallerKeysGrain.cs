using Microsoft.Extensions.Logging;

namespace Occupancy.Grains.Idempotency;

internal sealed class CallerKeysGrain(
    [PersistentState("keys", StorageNames.Occupancy)] IPersistentState<CallerKeysState> state,
    DomainClock clock,
    ILogger<CallerKeysGrain> logger) : Grain, ICallerKeysGrain
{
    /// <summary>The same retention as an entity's ledger: at least 24 hours, and a count cap under abuse.</summary>
    private static readonly LedgerRetention Retention = LedgerRetention.Default;

    /// <summary>Keys claimed by requests still running (never stored): target and how many requests hold it.</summary>
    private readonly Dictionary<string, (string Target, int Holders)> _pending = [];

    public Task<bool> Reserve(string key, string target)
    {
        if (state.State.Keys.TryGetValue(key, out var used) && used.At >= clock.UtcNow - Retention.KeepFor)
            return Task.FromResult(used.Target == target);
        if (_pending.TryGetValue(key, out var pending))
        {
            if (pending.Target != target) return Task.FromResult(false);
            _pending[key] = pending with { Holders = pending.Holders + 1 };
            return Task.FromResult(true);
        }
        _pending[key] = (target, 1);
        return Task.FromResult(true);
    }

    public async Task Settle(string key, string target, bool succeeded)
    {
        if (_pending.TryGetValue(key, out var pending) && pending.Target == target)
        {
            if (pending.Holders > 1) _pending[key] = pending with { Holders = pending.Holders - 1 };
            else _pending.Remove(key);
        }
        if (!succeeded || state.State.Keys.TryGetValue(key, out var used) && used.Target == target) return;
        var now = clock.UtcNow;
        state.State.Keys[key] = new CallerKeyUse(target, now);
        Prune(now);
        await state.WriteOrRevertAsync(this, logger);
    }

    private void Prune(DateTimeOffset now)
    {
        var keys = state.State.Keys;
        var cutoff = now - Retention.KeepFor;
        foreach (var (k, use) in keys)
        {
            if (use.At < cutoff) keys.Remove(k);
        }
        if (keys.Count <= Retention.MaxEntries) return;
        foreach (var (k, _) in keys.OrderBy(e => e.Value.At).Take(keys.Count - Retention.MaxEntries).ToArray()) keys.Remove(k);
    }
}
