using System.Net;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Occupancy.Api.Access;
using Occupancy.Api.ClusterDashboard;
using Occupancy.Api.Health;
using Occupancy.Api.Live;
using Occupancy.Api.Problems;
using Occupancy.Grains;
using Orleans.Configuration;

namespace Occupancy.Api.Hosting;

internal static class ApiServices
{
    /// <summary>Body size limit: every request body of the contract is small.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    /// <summary>The largest hub message a client may send; a larger one closes its connection.</summary>
    public const long MaxHubMessageBytes = 32 * 1024;

    /// <summary>JSON nesting depth of request bodies and hub messages; the contract's deepest body is 4.</summary>
    public const int MaxJsonDepth = 32;

    /// <summary>
    /// Connections the kernel may hold for the node before it accepts them (<c>Server:ListenBacklog</c>; the kernel caps
    /// it at <c>net.core.somaxconn</c>). Kestrel's 512 overflowed when a rush opened a thousand at once: each handshake
    /// dropped then waited out a one-second retransmit (BENCHMARKS.md).
    /// </summary>
    public const int ListenBacklog = 4096;

    public static WebApplicationBuilder AddOccupancyApi(this WebApplicationBuilder builder)
    {
        builder.AddClusterClient();
        builder.AddClusterDashboard();
        builder.AddOccupancyRequestHandling();

        var services = builder.Services;
        services.AddApiReference();
        services.AddOccupancyHealthChecks();
        services.AddSingleton<DemoIdentities>();

        services.AddSignalR(o =>
        {
            // A hub message is a topic or a list of topics: 32 KB is far more than any, and less than a body.
            o.MaximumReceiveMessageSize = MaxHubMessageBytes;
            o.MaximumParallelInvocationsPerClient = 1;
        }).AddJsonProtocol(o => ConfigureJson(o.PayloadSerializerOptions));
        // The same JSON protocol, with errors that start with the problem code.
        services.RemoveAll<IHubProtocol>();
        services.AddSingleton<IHubProtocol, ProblemCodeHubProtocol>();
        services.Configure<RelayOptions>(builder.Configuration.GetSection("Live"));
        services.AddSingleton<TopicResolver>();
        services.AddSingleton<LiveRelay>();
        services.AddHostedService<SubscriptionRenewal>();
        services.AddHostedService<LiveHeartbeat>();
        // A stopping node tells its hub connections to reconnect (at once) rather than letting the sockets drop.
        services.AddSingleton<ClosingHubLifetimeManager>();
        services.AddSingleton<HubLifetimeManager<OccupancyHub>>(sp => sp.GetRequiredService<ClosingHubLifetimeManager>());
        if (ApiReference.AtBuildTime) services.WithoutClusterWork();
        return builder;
    }

    /// <summary>
    /// What every request passes through before an endpoint calls the cluster: JSON, body limits, problem details,
    /// authentication, the access policies, the rate limits and CORS. Also the Bench's middleware floor, so that floor
    /// measures this very code in front of a fixed answer.
    /// </summary>
    public static WebApplicationBuilder AddOccupancyRequestHandling(this WebApplicationBuilder builder)
    {
        builder.AddOccupancyAuthentication();
        builder.Logging.KeepSecretsOut();

        var services = builder.Services;
        services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxBodyBytes);
        services.Configure<SocketTransportOptions>(o => o.Backlog = builder.Configuration.GetValue("Server:ListenBacklog", ListenBacklog));
        services.AddProblemDetails();
        services.AddExceptionHandler<FailureHandler>();
        services.AddAccessPolicies();
        services.AddRateLimits(builder.Configuration);
        services.AddCrossOrigin(builder.Configuration);
        return builder;
    }

    private static void ConfigureJson(System.Text.Json.JsonSerializerOptions options)
    {
        OccupancyJson.Configure(options);
        options.MaxDepth = MaxJsonDepth;
        // A body missing a required field is 400, not a silently defaulted value.
        options.RespectRequiredConstructorParameters = true;
        options.RespectNullableAnnotations = true;
    }

    /// <summary>
    /// The Orleans client: Azure Table clustering by default; a fixed gateway list ("Cluster:Gateways",
    /// host:port separated by commas) for test clusters.
    /// </summary>
    private static void AddClusterClient(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        builder.UseOrleansClient(client =>
        {
            client.UseConnectionRetryFilter<ClusterConnectionRetry>();
            client.UseClusterTls(config.GetSection("Cluster:Tls"));
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = config["Cluster:ClusterId"] ?? "occupancy";
                o.ServiceId = config["Cluster:ServiceId"] ?? "occupancy";
            });
            // A gateway the client saw fail stays "dead" to it for this long, even once its silo is back on the same
            // port; with Orleans' minute, two silo restarts in a row left a node no gateway it believed in, and its
            // requests failed (503) until the minute was up. The list is one small table query.
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = config.GetValue("Cluster:GatewayListRefresh", TimeSpan.FromSeconds(10)));
            if (config["Cluster:Gateways"] is { Length: > 0 } gateways)
            {
                client.UseStaticClustering(gateways.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(g => IPEndPoint.Parse(g))
                    .ToArray());
            }
            else
            {
                client.UseAzureStorageClustering(o => o.TableServiceClient = StorageClients.Membership(config["Storage:ConnectionString"]));
            }
        });
    }
}
