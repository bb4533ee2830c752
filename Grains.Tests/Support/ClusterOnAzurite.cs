using Microsoft.Extensions.Configuration;
using Occupancy.Silo.Hosting;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Occupancy.Grains.Tests.Support;

/// <summary>
/// Silos over TCP, clustered and stored on Azurite, for the tests that kill one: short membership timings so a
/// dead silo is declared within seconds (see NOTES-STACK.md), and calls to it time out in 5 s.
/// </summary>
public static class ClusterOnAzurite
{
    /// <summary>The builder property the store's connection string travels in.</summary>
    public const string StoreKey = "Storage:ConnectionString";

    public class Silo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var connectionString = silo.Configuration[StoreKey];
            silo.UseAzureStorageClustering(o => o.TableServiceClient = StorageClients.Tables(connectionString));
            silo.AddOccupancyStorage(connectionString);
            silo.Services.AddOccupancyDomain();
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
                o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(10);
                o.ExtendProbeTimeoutDuringDegradation = false;
            });
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
            ConfigureMore(silo);
        }

        /// <summary>What a test's silos need beyond the cluster itself.</summary>
        protected virtual void ConfigureMore(ISiloBuilder silo)
        {
        }
    }

    public sealed class Client : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder client)
        {
            client.UseAzureStorageClustering(o => o.TableServiceClient = StorageClients.Tables(configuration[StoreKey]));
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
        }
    }
}
