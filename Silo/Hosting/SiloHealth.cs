using Microsoft.Extensions.Diagnostics.HealthChecks;
using Occupancy.Grains.Health;

namespace Occupancy.Silo.Hosting;

/// <summary>
/// The silo's <c>GET /health</c> on its health port, from ASP.NET Core's health checks: its membership (unhealthy, 503,
/// unless active) and the store (degraded, still 200, when it takes no writes). A launcher or an orchestrator that
/// restarts unhealthy nodes therefore restarts a silo that left the cluster, never every silo because the store failed.
/// </summary>
public static class SiloHealth
{
    public static WebApplicationBuilder AddOccupancySiloHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<SiloMembershipHealthCheck>(SiloMembershipHealthCheck.Name, HealthStatus.Unhealthy)
            .AddCheck<StoreHealthCheck>(StoreHealthCheck.Name, HealthStatus.Degraded);
        return builder;
    }

    /// <summary><c>{ "status", "cluster", "store", "storeDetail" }</c>: healthy or degraded 200, unhealthy 503.</summary>
    public static IEndpointRouteBuilder MapOccupancySiloHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", async (HealthCheckService health, CancellationToken cancellationToken) =>
        {
            var report = await health.CheckHealthAsync(cancellationToken);
            var cluster = report.Entries[SiloMembershipHealthCheck.Name];
            var store = report.Entries[StoreHealthCheck.Name];
            var body = new
            {
                status = Word(report.Status),
                cluster = Word(cluster.Status),
                clusterDetail = cluster.Description,
                store = Word(store.Status),
                storeDetail = store.Description,
            };
            return report.Status == HealthStatus.Unhealthy
                ? Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable)
                : Results.Ok(body);
        });
        return app;
    }

    private static string Word(HealthStatus status) => HealthWords.Of(status);
}
