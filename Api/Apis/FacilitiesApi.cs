using Microsoft.AspNetCore.Mvc;
using Occupancy.Api.Hosting;
using Occupancy.Api.Problems;
using Occupancy.Grains.Facilities;

namespace Occupancy.Api.Apis;

internal static class FacilitiesApi
{
    public static IEndpointRouteBuilder MapFacilitiesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/facilities/{facilityId}").WithTags("Facilities").AddEndpointFilter<RouteIdFilter>();

        api.MapGet("", async (string facilityId, IGrainFactory grains) =>
                (await grains.GetGrain<IFacilityGrain>(facilityId).Get()).OrNotFound($"Facility '{facilityId}'"))
            .WithSummary("A facility's live occupancy, zones, level and opening hours.");

        api.MapPut("", async (string facilityId, FacilityDefinition definition, IGrainFactory grains) =>
                (await grains.GetGrain<IFacilityGrain>(facilityId).Define(definition)).ToDefinitionResult($"/api/facilities/{facilityId}"))
            .WithSummary("Creates (201) or replaces (200) a facility's definition.")
            .RequireAuthorization(AccessPolicies.Staff);

        api.MapPost("/entries", (string facilityId, HeadcountChange? change, [FromHeader(Name = IdempotencyHeader.Name)] string? idempotencyKey, IGrainFactory grains, HttpContext context) =>
                IdempotencyHeader.With(context, idempotencyKey, async key =>
                    (await grains.GetGrain<IFacilityGrain>(facilityId).RecordEntries(change ?? new HeadcountChange(), key)).ToResult()))
            .WithSummary("People came in (count 1–1000; a repeated eventId counts once). Over capacity is recorded and shown full.");

        api.MapPost("/exits", (string facilityId, HeadcountChange? change, [FromHeader(Name = IdempotencyHeader.Name)] string? idempotencyKey, IGrainFactory grains, HttpContext context) =>
                IdempotencyHeader.With(context, idempotencyKey, async key =>
                    (await grains.GetGrain<IFacilityGrain>(facilityId).RecordExits(change ?? new HeadcountChange(), key)).ToResult()))
            .WithSummary("People left; a count never goes below 0.");

        api.MapPut("/occupancy", async (string facilityId, Recalibration recalibration, IGrainFactory grains) =>
                (await grains.GetGrain<IFacilityGrain>(facilityId).Recalibrate(recalibration)).ToResult())
            .WithSummary("Staff recalibrate a drifting counter.")
            .RequireAuthorization(AccessPolicies.Staff);

        return app;
    }
}
