using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Occupancy.Grains;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Occupancy.Bench.City;

/// <summary>
/// The bench as a client of the system's cluster, found the way an Api node finds it (the membership table in the
/// store): the city is loaded with grain calls, not thousands of HTTP requests.
/// </summary>
internal sealed class ClusterClient : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterClient(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<ClusterClient> ConnectAsync(string storage, string clusterId, string serviceId, TimeSpan responseTimeout,
        CancellationToken cancellationToken = default)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = serviceId;
            });
            client.UseAzureStorageClustering(o => o.TableServiceClient = StorageClients.Tables(storage));
            // A site's schedule grain answers once its whole week of sessions exists: minutes on a busy machine, not 30 s.
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = responseTimeout);
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new ClusterClient(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
