namespace Occupancy.Grains.Tests.Support;

/// <summary>Cluster tests run one class at a time: on a small machine parallel silos starve each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}
