using Occupancy.Grains;
using Orleans.TestingHost;

namespace Occupancy.Grains.Tests.Support;

/// <summary>
/// The rule tests' silo with a store that takes a moment to answer, as a real one does: Orleans' own fault-injection
/// wrapper around its in-memory storage. Against a store that answers at once, concurrent callers may each find no
/// write in flight, and whether their changes share a write would depend on the machine's scheduling.
/// </summary>
public sealed class SlowStoreClusterFixture : RulesClusterFixture
{
    public static readonly TimeSpan WriteLatency = TimeSpan.FromMilliseconds(100);

    protected override void AddStorage(ISiloBuilder silo) =>
        silo.AddFaultInjectionMemoryStorage(StorageNames.Occupancy, _ => { }, o => o.Latency = WriteLatency);
}
