using System.Diagnostics;
using Orleans.Storage;

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
            await WriteAsync().WaitAsync(TimeSpan.FromSeconds(5));
            return new StoreHealth(true, $"write took {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");
        }
        catch (Exception error)
        {
            // Stays active: were it to reload, readiness would depend on reading the very store it reports on.
            return new StoreHealth(false, $"write failed: {error.GetType().Name}");
        }
    }

    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (InconsistentStateException)
        {
            // A write given up on earlier landed after all: take the stored row and write on top of it.
            await state.ReadStateAsync();
            state.State.Probes++;
            await state.WriteStateAsync();
        }
    }
}
