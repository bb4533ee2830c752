namespace Occupancy.Grains.Tests.Support;

/// <summary>Tests of how changes share writes, against a store that takes a moment (see <see cref="SlowStoreClusterFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class SlowStoreCollection : ICollectionFixture<SlowStoreClusterFixture>
{
    public const string Name = "slow store";
}
