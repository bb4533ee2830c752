using Occupancy.Api.Hosting;
using Occupancy.Api.Problems;
using Occupancy.Grains.Canteens;

namespace Occupancy.Api.Apis;

internal static class CanteensApi
{
    public static IEndpointRouteBuilder MapCanteensApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/canteens/{canteenId}").WithTags("Canteens").AddEndpointFilter<RouteIdFilter>();

        api.MapGet("", async (string canteenId, IGrainFactory grains) =>
                (await grains.GetGrain<ICanteenGrain>(canteenId).Get()).OrNotFound($"Canteen '{canteenId}'"))
            .WithSummary("A canteen's free seats now, per table.");

        api.MapPut("", async (string canteenId, CanteenDefinition definition, IGrainFactory grains) =>
                (await grains.GetGrain<ICanteenGrain>(canteenId).Define(definition)).ToDefinitionResult($"/api/canteens/{canteenId}"))
            .WithSummary("Creates (201) or replaces (200) a canteen's definition: tables, meal hours.")
            .RequireAuthorization(AccessPolicies.Staff);

        api.MapPut("/tables/{tableId}", async (string canteenId, string tableId, TableSeats seats, IGrainFactory grains) =>
                (await grains.GetGrain<ICanteenGrain>(canteenId).SetTable(new TableOccupancy(tableId, seats.Occupied))).ToResult())
            .WithSummary("Seats taken at a table now; above its seats is 400 over-capacity.");

        return app;
    }

    /// <summary>The body of a table update.</summary>
    internal sealed record TableSeats(int Occupied);
}
