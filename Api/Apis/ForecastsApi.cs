using Occupancy.Api.Problems;
using Occupancy.Api.Reference;
using Occupancy.Grains;
using Occupancy.Grains.Forecasts;

namespace Occupancy.Api.Apis;

/// <summary>"When to come": each facility's and canteen's rest of today, public like their snapshots (which it leaves alone).</summary>
internal static class ForecastsApi
{
    private const string About = "The rest of today in the site's local hours: per hour the expected and the usual peak occupancy "
        + "(the usual is the median of the same weekday over the previous 8 weeks; the expectation scales it by how today compares so far, "
        + "falling back toward the usual for later hours) and the level it would show, and nextQuietTime: the first time, to 10 minutes, "
        + "at or after now when the place is open and expected quiet (null when none before midnight). generatedDays counts the usual's "
        + "days made up by the demo's history generator. Computed on each read; it has no version.";

    public static IEndpointRouteBuilder MapForecastsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/facilities/{facilityId}").WithTags("Facilities").ValidatesRouteIds()
            .MapGet("/forecast", async (string facilityId, IGrainFactory grains) =>
                (await grains.GetGrain<IForecastGrain>(0).ForFacility(facilityId)).ToResult())
            .Produces<PlaceForecast>()
            .Gives(ProblemCodes.NotFound)
            .Describe("getFacilityForecast", "Read when to come to a facility", About);

        app.MapGroup("/api/canteens/{canteenId}").WithTags("Canteens").ValidatesRouteIds()
            .MapGet("/forecast", async (string canteenId, IGrainFactory grains) =>
                (await grains.GetGrain<IForecastGrain>(0).ForCanteen(canteenId)).ToResult())
            .Produces<PlaceForecast>()
            .Gives(ProblemCodes.NotFound)
            .Describe("getCanteenForecast", "Read when to come to a canteen", About + " A canteen is open while it serves a meal; its capacity is its seats.");

        return app;
    }
}
