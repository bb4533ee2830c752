using Occupancy.Api.Problems;
using Occupancy.Api.Reference;
using Occupancy.Grains.Health;

namespace Occupancy.Api.Apis;

internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/health").WithTags("Health");

        api.MapGet("/live", () => TypedResults.Ok(new { status = "healthy" }))
            .Produces<HealthAnswer>()
            .Describe("checkLiveness", "Is the process up", "The process is up (200, status healthy).");

        // Ready when the cluster answers; the store's state is reported, degraded rather than unready.
        api.MapGet("/ready", async (IGrainFactory grains) =>
            {
                try
                {
                    var store = await grains.GetGrain<IStoreProbeGrain>(0).Probe().WaitAsync(TimeSpan.FromSeconds(8));
                    var state = store.Healthy ? "healthy" : "degraded";
                    return Results.Ok(new { status = state, cluster = "healthy", store = state, storeDetail = store.Detail });
                }
                catch (Exception error) when (StoreFailure.IsCause(error))
                {
                    // The probe could not even be loaded: the cluster answered, the store did not.
                    return Results.Ok(new { status = "degraded", cluster = "healthy", store = "degraded", storeDetail = "probe could not load its state" });
                }
                catch (Exception error)
                {
                    return Results.Json(new { status = "unhealthy", cluster = "unreachable", detail = error.GetType().Name },
                        statusCode: StatusCodes.Status503ServiceUnavailable);
                }
            })
            .Produces<HealthAnswer>()
            .Produces<HealthAnswer>(StatusCodes.Status503ServiceUnavailable)
            .Describe("checkReadiness", "Is the node ready", "The Api reaches the cluster (200) or not (503, status unhealthy); the body tells the store's state "
                + "(degraded while the store is away: the node stays ready).");

        return app;
    }
}
