using System.Diagnostics;

namespace Occupancy.Grains.Health;

internal sealed class StoreProbeGrain(
    [PersistentState("probe", StorageNames.Occupancy)] IPersistentState<StoreProbeState> state) : Grain, IStoreProbeGrain
{
    public async Task<StoreHealth> Probe()
    {
        var started = Stopwatch.GetTimestamp();
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
