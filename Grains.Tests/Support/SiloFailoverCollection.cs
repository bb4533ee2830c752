namespace Occupancy.Grains.Tests.Support;

/// <summary>
/// Tests that kill silos. They run alone: on a starved two-core machine, a busy neighbour makes healthy
/// silos miss probes and be declared dead.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SiloFailoverCollection : ICollectionFixture<AzuriteStoreFixture>
{
    public const string Name = "silo-failover";
}
