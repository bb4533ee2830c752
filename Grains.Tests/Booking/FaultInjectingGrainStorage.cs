using Orleans.Storage;

namespace Occupancy.Grains.Tests.Booking;

/// <summary>A real grain storage provider, wrapped so a test can make chosen writes fail or wait.</summary>
public sealed class FaultInjectingGrainStorage(IGrainStorage inner, StorageFaults faults) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await faults.BeforeReadAsync(grainId);
        await inner.ReadStateAsync(stateName, grainId, grainState);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var fault = await faults.BeforeWriteAsync(grainId);
        if (fault == StorageFaults.Mode.FailBefore) throw new TimeoutException($"Injected: the write of {grainId} failed.");
        var etagBefore = grainState.ETag;
        await inner.WriteStateAsync(stateName, grainId, grainState);
        faults.Written(grainId);
        if (fault == StorageFaults.Mode.FailAfter)
        {
            // A caller that timed out never heard the new etag: it still holds the one it wrote against.
            grainState.ETag = etagBefore;
            throw new TimeoutException($"Injected: the write of {grainId} landed but timed out.");
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
