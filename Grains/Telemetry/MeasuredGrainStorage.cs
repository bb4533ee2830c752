using System.Diagnostics;
using Orleans.Storage;

namespace Occupancy.Grains.Telemetry;

/// <summary>The grain storage with every read counted, every write timed and every failed write counted (<see cref="OccupancyMetrics"/>).</summary>
internal sealed class MeasuredGrainStorage(IGrainStorage inner, OccupancyMetrics metrics) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        metrics.StorageRead(stateName);
        return inner.ReadStateAsync(stateName, grainId, grainState);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var started = Stopwatch.GetTimestamp();
        var succeeded = false;
        try
        {
            await inner.WriteStateAsync(stateName, grainId, grainState);
            succeeded = true;
        }
        finally
        {
            metrics.StorageWritten(stateName, Stopwatch.GetElapsedTime(started), succeeded);
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);

    // The provider initialises itself (creates its table) in the silo's lifecycle.
    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}
