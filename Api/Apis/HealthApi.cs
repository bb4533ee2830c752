using Occupancy.Api.Health;
using Occupancy.Api.Reference;

namespace Occupancy.Api.Apis;

internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/health").WithTags("Health");

        // Both answer from ASP.NET Core's health checks (Health/HealthAnswers.cs), in the contract's shape.
        api.MapGet("/live", HealthAnswers.Live)
            .Produces<HealthAnswer>()
            .Describe("checkLiveness", "Is the process up", "The process is up (200, status healthy).");

        // Ready when the cluster answers; the store's state is reported, degraded rather than unready.
        api.MapGet("/ready", HealthAnswers.Ready)
            .Produces<HealthAnswer>()
            .Produces<HealthAnswer>(StatusCodes.Status503ServiceUnavailable)
            .Describe("checkReadiness", "Is the node ready", "The Api reaches the cluster (200) or not (503, status unhealthy); the body tells the store's state "
                + "(degraded while the store is away: the node stays ready).");

        return app;
    }
}
