using Microsoft.Extensions.DependencyInjection;
using Occupancy.Grains.Live;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Occupancy.Grains.Tests.Support;

/// <summary>
/// One in-memory silo with the services every grain needs and in-memory storage, for rule tests.
/// Derive and override <see cref="ConfigureSilo"/> to add what a test class needs.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    public IGrainFactory Grains => Cluster.Client;

    protected virtual void ConfigureSilo(ISiloBuilder silo)
    {
    }

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder();
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Occupancy);
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton(new DomainClock(TimeProvider.System));
            silo.Services.AddOptions<LiveFeedOptions>();
            ConfigureSilo(silo);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}
