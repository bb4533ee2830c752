namespace Occupancy.Grains.Tests.Support;

/// <summary>Rule tests share one silo and one domain clock, so they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class RulesCollection : ICollectionFixture<RulesClusterFixture>
{
    public const string Name = "rules";
}
