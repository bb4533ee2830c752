using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Serialization;

namespace Occupancy.Grains.Idempotency;

/// <summary>
/// Reentrant with group commit, like a session: a reservation is decided in memory in one turn, and every success
/// settled while a write is in flight joins the next single write. No success is answered before it is stored.
/// </summary>
[Reentrant]
internal sealed class CallerKeysGrain : Grain, ICallerKeysGrain
{
    /// <summary>Keys one shard keeps: about 350 bytes each as stored, well inside a table row.</summary>
    public const int MaxEntries = 1000;

    private static readonly TimeSpan KeepFor = LedgerRetention.Default.KeepFor;

    private readonly IPersistentState<CallerKeysState> _state;
    private readonly DeepCopier<CallerKeysState> _copier;
    private readonly DomainClock _clock;
    private readonly ILogger<CallerKeysGrain> _logger;
    private GroupCommit<CallerKeysState> _commit = null!;

    /// <summary>Keys claimed by requests still running (never stored): target and how many requests hold it.</summary>
    private readonly Dictionary<string, (string Target, int Holders)> _pending = [];

    /// <summary>The write that holds each key bound and not yet stored: a settle meanwhile waits on it.</summary>
    private readonly Dictionary<string, Task> _binding = [];

    public CallerKeysGrain(
        [PersistentState("keys", StorageNames.Occupancy)] IPersistentState<CallerKeysState> state,
        DeepCopier<CallerKeysState> copier,
        DomainClock clock,
        ILogger<CallerKeysGrain> logger)
    {
        _state = state;
        _copier = copier;
        _clock = clock;
        _logger = logger;
    }

    // The stored state is read after construction, before activation.
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _commit = new GroupCommit<CallerKeysState>(_state, _copier, this, _logger);
        return Task.CompletedTask;
    }

    private Dictionary<string, CallerKeyUse> Keys => _commit.Working.Keys;

    public Task<bool> Reserve(IdempotencyKey key, string target)
    {
        var id = key.LedgerKey;
        if (Keys.TryGetValue(id, out var used) && used.At >= _clock.UtcNow - KeepFor) return Task.FromResult(used.Target == target);
        if (_pending.TryGetValue(id, out var pending))
        {
            if (pending.Target != target) return Task.FromResult(false);
            _pending[id] = pending with { Holders = pending.Holders + 1 };
            return Task.FromResult(true);
        }
        _pending[id] = (target, 1);
        return Task.FromResult(true);
    }

    public async Task Settle(IdempotencyKey key, string target, bool succeeded)
    {
        var id = key.LedgerKey;
        if (_pending.TryGetValue(id, out var pending) && pending.Target == target)
        {
            if (pending.Holders > 1) _pending[id] = pending with { Holders = pending.Holders - 1 };
            else _pending.Remove(id);
        }
        if (succeeded) await BindAsync(id, target);
    }

    public Task Bind(IdempotencyKey key) => key.Target is { } target ? BindAsync(key.LedgerKey, target) : Task.CompletedTask;

    private async Task BindAsync(string id, string target)
    {
        if (Keys.TryGetValue(id, out var used) && used.Target == target)
        {
            // Bound already (by the entity's early bind, or a replay), perhaps by a write still in flight: done once
            // that write is stored, without a write of its own.
            if (_commit.Durable.Keys.ContainsKey(id)) return;
            await (_binding.GetValueOrDefault(id) ?? _commit.CommitAsync());
            return;
        }
        var now = _clock.UtcNow;
        Keys[id] = new CallerKeyUse(target, now);
        Prune(now);
        var write = _commit.CommitAsync();
        _binding[id] = write;
        try
        {
            await write;
        }
        finally
        {
            _binding.Remove(id);
        }
    }

    private void Prune(DateTimeOffset now)
    {
        var cutoff = now - KeepFor;
        foreach (var (k, use) in Keys)
        {
            if (use.At < cutoff) Keys.Remove(k);
        }
        if (Keys.Count <= MaxEntries) return;
        foreach (var (k, _) in Keys.OrderBy(e => e.Value.At).Take(Keys.Count - MaxEntries).ToArray()) Keys.Remove(k);
    }
}
