namespace Occupancy.Grains.Tests.Support;

/// <summary>Durability tests: clusters on one private Azurite, started and stopped by each test.</summary>
[CollectionDefinition(Name)]
public sealed class DurabilityCollection : ICollectionFixture<AzuriteStoreFixture>
{
    public const string Name = "durability";
}
