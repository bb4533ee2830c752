using System.Diagnostics;

namespace Occupancy.Grains.Health;

internal sealed class StoreProbeGrain(
    [PersistentState("probe", StorageNames.Occupancy)] IPersistentState<StoreProbeState> state) : Grain, IStoreProbeGrain
{
    /// <summary>How long one probe's answer stands for the next callers.</summary>
    internal static readonly TimeSpan ReuseFor = TimeSpan.FromSeconds(5);

    private (StoreHealth Health, long At)? _last;

    public async Task<StoreHealth> Probe()
    {
        // Calls are handled one at a time, so a burst waits for one write and then reads its answer.
        if (_last is { } last && Stopwatch.GetElapsedTime(last.At) < ReuseFor) return last.Health;
        var started = Stopwatch.GetTimestamp();
        var health = await WriteProbeAsync(started);
        _last = (health, started);
        return health;
    }

    public Task<long> WrittenProbes() => Task.FromResult(state.State.Probes);

    private async Task<StoreHealth> WriteProbeAsync(long started)
    {
        try
        {
            state.State.Probes++;
            await state.WriteStateAsync().WaitAsync(TimeSpan.FromSeconds(5));
            return new StoreHealth(true, $"write took {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");
        }
        catch (Exception error)
        {
            // Start from the stored state next time; the probe's own count does not matter.
            DeactivateOnIdle();
            return new StoreHealth(false, $"write failed: {error.GetType().Name}");
        }
    }
}
