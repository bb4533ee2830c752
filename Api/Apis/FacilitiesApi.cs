using Microsoft.AspNetCore.Mvc;
using Occupancy.Api.Access;
using Occupancy.Api.Hosting;
using Occupancy.Api.Problems;
using Occupancy.Api.Reference;
using Occupancy.Grains;
using Occupancy.Grains.Facilities;

namespace Occupancy.Api.Apis;

internal static class FacilitiesApi
{
    public static IEndpointRouteBuilder MapFacilitiesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/facilities/{facilityId}").WithTags("Facilities").ValidatesRouteIds();

        api.MapGet("", async (string facilityId, IGrainFactory grains) =>
                (await grains.GetGrain<IFacilityGrain>(facilityId).Get()).OrNotFound($"Facility '{facilityId}'"))
            .Produces<FacilitySnapshot>()
            .Gives(ProblemCodes.NotFound)
            .Describe("getFacility", "Read a facility", "A facility's live occupancy, zones, level and opening hours.");

        api.MapPut("", async (string facilityId, FacilityDefinition definition, HttpContext context, IGrainFactory grains) =>
                (await grains.GetGrain<IFacilityGrain>(facilityId).Define(definition, context.Actor())).ToDefinitionResult($"/api/facilities/{facilityId}"))
            .Produces<FacilitySnapshot>()
            .Produces<FacilitySnapshot>(StatusCodes.Status201Created)
            .Gives(ProblemCodes.InvalidRequest, ProblemCodes.InvalidState)
            .Describe("defineFacility", "Create or replace a facility", "Creates (201) or replaces (200) a facility's definition (staff of its site; moving it needs staff of both sites).")
            .RequireAuthorization(AccessPolicies.Staff);

        api.MapPost("/entries", (string facilityId, HeadcountChange? change, [FromHeader(Name = IdempotencyHeader.Name)] string? idempotencyKey,
                    HttpContext context, IGrainFactory grains) =>
                IdempotencyHeader.With(context, idempotencyKey, async key =>
                    (await grains.GetGrain<IFacilityGrain>(facilityId).RecordEntries(change ?? new HeadcountChange(), context.Actor(), key)).ToResult()))
            .Produces<FacilitySnapshot>()
            .Gives(ProblemCodes.InvalidRequest, ProblemCodes.Forbidden, ProblemCodes.NotFound)
            .Describe("recordEntries", "Count people coming in", "People came in (count 1–1000; a repeated eventId counts once). Over capacity is recorded and shown full. Staff of the site or this facility's device.")
            .RequireAuthorization(AccessPolicies.SignedIn);

        api.MapPost("/exits", (string facilityId, HeadcountChange? change, [FromHeader(Name = IdempotencyHeader.Name)] string? idempotencyKey,
                    HttpContext context, IGrainFactory grains) =>
                IdempotencyHeader.With(context, idempotencyKey, async key =>
                    (await grains.GetGrain<IFacilityGrain>(facilityId).RecordExits(change ?? new HeadcountChange(), context.Actor(), key)).ToResult()))
            .Produces<FacilitySnapshot>()
            .Gives(ProblemCodes.InvalidRequest, ProblemCodes.Forbidden, ProblemCodes.NotFound)
            .Describe("recordExits", "Count people leaving", "People left; a count never goes below 0. Staff of the site or this facility's device.")
            .RequireAuthorization(AccessPolicies.SignedIn);

        api.MapPut("/occupancy", async (string facilityId, Recalibration recalibration, HttpContext context, IGrainFactory grains) =>
                (await grains.GetGrain<IFacilityGrain>(facilityId).Recalibrate(recalibration, context.Actor())).ToResult())
            .Produces<FacilitySnapshot>()
            .Gives(ProblemCodes.InvalidRequest, ProblemCodes.Forbidden, ProblemCodes.NotFound)
            .Describe("recalibrateFacility", "Recalibrate a facility's count", "Recalibrates a drifting counter to the people actually there: staff of the site or this facility's device.")
            .RequireAuthorization(AccessPolicies.SignedIn);

        return app;
    }
}
