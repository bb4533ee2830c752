using System.Collections.Concurrent;

namespace Occupancy.Grains.Tests.Booking;

/// <summary>
/// What the fault-injecting storage should do to the writes of chosen grains: fail some (before or after the
/// real write lands), or hold them until a gate opens. Counts every write, so tests can assert a fault fired.
/// </summary>
public sealed class StorageFaults
{
    private readonly ConcurrentDictionary<GrainId, Rule> _rules = new();
    private readonly ConcurrentDictionary<GrainId, int> _writes = new();
    private readonly ConcurrentDictionary<GrainId, int> _failures = new();
    private readonly ConcurrentDictionary<GrainId, int> _waiting = new();
    private readonly ConcurrentDictionary<GrainId, Task> _readGates = new();
    private readonly ConcurrentDictionary<GrainId, int> _readsWaiting = new();
    private readonly ConcurrentDictionary<GrainId, bool> _failingReads = new();
    private readonly ConcurrentDictionary<GrainId, int> _reads = new();

    public enum Mode
    {
        /// <summary>The store refuses: nothing is written.</summary>
        FailBefore,

        /// <summary>The write lands, but the caller hears a failure (a timeout with an unknown outcome).</summary>
        FailAfter,
    }

    private sealed class Rule
    {
        public int Skip;
        public int Count;
        public Mode Mode;
        public Task? Gate;
    }

    /// <summary>Lets <paramref name="skip"/> writes through, then fails the next <paramref name="count"/>.</summary>
    public void FailWrites(GrainId grain, int skip = 0, int count = 1, Mode mode = Mode.FailBefore) =>
        _rules[grain] = new Rule { Skip = skip, Count = count, Mode = mode };

    /// <summary>
    /// Holds every write of the grain until <paramref name="gate"/> completes; with <paramref name="thenFail"/>,
    /// the first held write then fails that way.
    /// </summary>
    public void HoldWrites(GrainId grain, Task gate, Mode? thenFail = null, int skip = 0) =>
        _rules[grain] = new Rule { Skip = skip, Gate = gate, Count = thenFail is null ? 0 : 1, Mode = thenFail ?? Mode.FailBefore };

    /// <summary>Holds every read of the grain's state (such as the read-back after a failed write) until <paramref name="gate"/> completes.</summary>
    public void HoldReads(GrainId grain, Task gate) => _readGates[grain] = gate;

    public void ClearReads(GrainId grain)
    {
        _readGates.TryRemove(grain, out _);
        _failingReads.TryRemove(grain, out _);
    }

    /// <summary>Fails every read of the grain's state (a row the store cannot give back) until cleared.</summary>
    public void FailReads(GrainId grain) => _failingReads[grain] = true;

    /// <summary>Reads of the grain waiting at a gate now.</summary>
    public int ReadsWaitingOf(GrainId grain) => _readsWaiting.GetValueOrDefault(grain);

    /// <summary>Reads of the grain's state so far: one per activation (and per read-back after a failed write).</summary>
    public int ReadsOf(GrainId grain) => _reads.GetValueOrDefault(grain);

    internal async Task BeforeReadAsync(GrainId grain)
    {
        _reads.AddOrUpdate(grain, 1, (_, n) => n + 1);
        if (_failingReads.ContainsKey(grain)) throw new TimeoutException($"Injected: the read of {grain} failed.");
        if (!_readGates.TryGetValue(grain, out var gate)) return;
        _readsWaiting.AddOrUpdate(grain, 1, (_, n) => n + 1);
        try
        {
            await gate;
        }
        finally
        {
            _readsWaiting.AddOrUpdate(grain, 0, (_, n) => n - 1);
        }
    }

    public void Clear(GrainId grain) => _rules.TryRemove(grain, out _);

    public int WritesOf(GrainId grain) => _writes.GetValueOrDefault(grain);

    public int FailuresOf(GrainId grain) => _failures.GetValueOrDefault(grain);

    /// <summary>Writes of the grain waiting at a gate now.</summary>
    public int WaitingOf(GrainId grain) => _waiting.GetValueOrDefault(grain);

    internal async Task<Mode?> BeforeWriteAsync(GrainId grain)
    {
        if (!_rules.TryGetValue(grain, out var rule)) return null;
        if (rule.Gate is { } gate)
        {
            lock (rule)
            {
                if (rule.Skip > 0)
                {
                    rule.Skip--;
                    return null;
                }
            }
            _waiting.AddOrUpdate(grain, 1, (_, n) => n + 1);
            try
            {
                await gate;
            }
            finally
            {
                _waiting.AddOrUpdate(grain, 0, (_, n) => n - 1);
            }
            lock (rule)
            {
                if (rule.Count <= 0) return null;
                rule.Count--;
            }
            _failures.AddOrUpdate(grain, 1, (_, n) => n + 1);
            return rule.Mode;
        }
        lock (rule)
        {
            if (rule.Skip > 0)
            {
                rule.Skip--;
                return null;
            }
            if (rule.Count <= 0) return null;
            rule.Count--;
        }
        _failures.AddOrUpdate(grain, 1, (_, n) => n + 1);
        return rule.Mode;
    }

    internal void Written(GrainId grain) => _writes.AddOrUpdate(grain, 1, (_, n) => n + 1);
}
