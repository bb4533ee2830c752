using Occupancy.Api.Access;
using Occupancy.Api.Hosting;
using Occupancy.Api.Problems;
using Occupancy.Api.Reference;
using Occupancy.Grains;
using Occupancy.Grains.Canteens;

namespace Occupancy.Api.Apis;

internal static class CanteensApi
{
    public static IEndpointRouteBuilder MapCanteensApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/canteens/{canteenId}").WithTags("Canteens").ValidatesRouteIds();

        api.MapGet("", async (string canteenId, IGrainFactory grains) =>
                (await grains.GetGrain<ICanteenGrain>(canteenId).Get()).OrNotFound($"Canteen '{canteenId}'"))
            .Produces<CanteenSnapshot>()
            .Gives(ProblemCodes.NotFound)
            .Describe("getCanteen", "Read a canteen", "A canteen's free seats now, per table, its level and meal hours.");

        api.MapPut("", async (string canteenId, CanteenDefinition definition, HttpContext context, IGrainFactory grains) =>
                (await grains.GetGrain<ICanteenGrain>(canteenId).Define(definition, context.Actor())).ToDefinitionResult($"/api/canteens/{canteenId}"))
            .Produces<CanteenSnapshot>()
            .Produces<CanteenSnapshot>(StatusCodes.Status201Created)
            .Gives(ProblemCodes.InvalidRequest, ProblemCodes.InvalidState)
            .Describe("defineCanteen", "Create or replace a canteen", "Creates (201) or replaces (200) a canteen's definition: tables, meal hours (staff of its site).")
            .RequireAuthorization(AccessPolicies.Staff);

        api.MapPut("/tables/{tableId}", async (string canteenId, string tableId, TableSeats seats, HttpContext context, IGrainFactory grains) =>
                (await grains.GetGrain<ICanteenGrain>(canteenId).SetTable(new TableOccupancy(tableId, seats.Occupied), context.Actor())).ToResult())
            .Produces<CanteenSnapshot>()
            .Gives(ProblemCodes.InvalidRequest, ProblemCodes.OverCapacity, ProblemCodes.Forbidden, ProblemCodes.NotFound)
            .Describe("setTableSeats", "Set the seats taken at a table", "Seats taken at a table now; above its seats is 400 over-capacity. Staff of the site or this canteen's device.")
            .RequireAuthorization(AccessPolicies.SignedIn);

        return app;
    }

    /// <summary>The body of a table update.</summary>
    internal sealed record TableSeats(int Occupied);
}
