namespace Occupancy.Grains.Health;

/// <summary>Writes a tiny state to learn whether the store is taking writes; readiness reports it.</summary>
public interface IStoreProbeGrain : IGrainWithIntegerKey
{
    Task<StoreHealth> Probe();
}
