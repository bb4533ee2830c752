namespace Occupancy.Grains.Health;

/// <summary>
/// Writes a tiny state to learn whether the store is taking writes; readiness reports it. The answer is reused
/// for a few seconds, so a load balancer polling readiness does not write a row per poll.
/// </summary>
public interface IStoreProbeGrain : IGrainWithIntegerKey
{
    Task<StoreHealth> Probe();

    /// <summary>How many probe writes the store has taken (the stored count).</summary>
    Task<long> WrittenProbes();
}
