using Occupancy.Api.Health;

namespace Occupancy.Api.Apis;

internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/health").WithTags("Health");

        // Both answer from ASP.NET Core's health checks (Health/HealthAnswers.cs), in the contract's shape.
        api.MapGet("/live", HealthAnswers.Live)
            .WithSummary("The process is up.");

        // Ready when the cluster answers; the store's state is reported, degraded rather than unready.
        api.MapGet("/ready", HealthAnswers.Ready)
            .WithSummary("The Api reaches the cluster (200) or not (503); the body tells the store's state.");

        return app;
    }
}
