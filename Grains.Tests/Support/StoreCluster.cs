using Occupancy.Grains;
using Occupancy.Silo.Hosting;
using Orleans.TestingHost;

namespace Occupancy.Grains.Tests.Support;

/// <summary>
/// An in-process silo whose grain state lives in Azure Table storage, exactly as the Silo host configures it.
/// Clusters started with the same service id on the same store see the same state: that is a restart.
/// </summary>
public static class StoreCluster
{
    /// <param name="configure">Runs before the domain's services are added: a test's own domain clock or options.</param>
    public static async Task<InProcessTestCluster> StartAsync(string connectionString, string serviceId, Action<ISiloBuilder>? configure = null)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddOccupancyStorage(connectionString);
            configure?.Invoke(silo);
            silo.Services.AddOccupancyDomain();
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
