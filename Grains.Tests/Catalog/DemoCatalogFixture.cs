using Microsoft.Extensions.Configuration;
using Occupancy.Grains.Tests.Support;
using Occupancy.Silo.Catalog;
using Orleans.Hosting;

namespace Occupancy.Grains.Tests.Catalog;

/// <summary>A silo started the way the product starts it: with the demo catalog loaded at start-up.</summary>
public sealed class DemoCatalogFixture : ClusterFixture
{
    protected override void ConfigureSilo(ISiloBuilder silo) =>
        silo.AddDemoCatalog(new ConfigurationBuilder().AddInMemoryCollection([new("Catalog:SeedDemo", "true")]).Build());
}
