namespace Occupancy.Silo;

// Placeholder until the demo catalog seeder lands; replaced by the catalog work.
public static class DemoCatalogStartup
{
    public static ISiloBuilder AddDemoCatalog(this ISiloBuilder builder, IConfiguration configuration) => builder;
}
