using Orleans.Storage;

namespace Occupancy.Silo.Storage;

/// <summary>
/// Writes nobody is waiting on an answer for (a member's notices, a session's ledger rows: both written after a
/// booking is answered) go to the store at most <c>inFlight</c> at a time from this silo. The store serves requests
/// in the order they come; without a bound, a booking's own writes queued behind hundreds of these.
/// </summary>
internal sealed class DeferredWrites(IGrainStorage inner, IReadOnlySet<string> deferred, int inFlight)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly SemaphoreSlim _slots = new(inFlight, inFlight);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        InTurn(stateName, () => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        InTurn(stateName, () => inner.ClearStateAsync(stateName, grainId, grainState));

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    private Task InTurn(string stateName, Func<Task> write) => deferred.Contains(stateName) ? InSlot(write) : write();

    private async Task InSlot(Func<Task> write)
    {
        await _slots.WaitAsync();
        try
        {
            await write();
        }
        finally
        {
            _slots.Release();
        }
    }
}
