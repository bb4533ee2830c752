using Microsoft.Extensions.Diagnostics.HealthChecks;
using Occupancy.Grains.Health;

namespace Occupancy.Api.Health;

/// <summary>
/// The Api's health checks (ASP.NET Core's framework: <c>AddHealthChecks</c>) and the answers of <c>/health/live</c> and
/// <c>/health/ready</c> built from their report, in the contract's shape: live is the process alone; ready runs the
/// cluster and store checks. A store that fails is Degraded and ready stays 200; an unreachable cluster is 503.
/// </summary>
internal static class HealthAnswers
{
    /// <summary>Checks that readiness runs (liveness runs none).</summary>
    public const string ReadyTag = "ready";

    public static IServiceCollection AddOccupancyHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>(ClusterHealthCheck.Name, HealthStatus.Unhealthy, [ReadyTag])
            .AddCheck<StoreHealthCheck>(StoreHealthCheck.Name, HealthStatus.Degraded, [ReadyTag]);
        return services;
    }

    public static async Task<IResult> Live(HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(_ => false, cancellationToken);
        return TypedResults.Ok(new { status = Word(report.Status) });
    }

    public static async Task<IResult> Ready(HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(check => check.Tags.Contains(ReadyTag), cancellationToken);
        var cluster = report.Entries[ClusterHealthCheck.Name];
        if (cluster.Status == HealthStatus.Unhealthy)
        {
            return Results.Json(new { status = "unhealthy", cluster = "unreachable", detail = cluster.Exception?.GetType().Name ?? cluster.Description },
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        var store = report.Entries[StoreHealthCheck.Name];
        var state = Word(store.Status);
        return Results.Ok(new { status = Word(report.Status), cluster = Word(cluster.Status), store = state, storeDetail = store.Description });
    }

    private static string Word(HealthStatus status) => HealthWords.Of(status);
}
