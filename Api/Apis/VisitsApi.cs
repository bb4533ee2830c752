using Occupancy.Api.Access;
using Occupancy.Api.Hosting;
using Occupancy.Api.Problems;
using Occupancy.Api.Reference;
using Occupancy.Grains;
using Occupancy.Grains.Canteens.Visits;

namespace Occupancy.Api.Apis;

/// <summary>Canteen visits: the desk or a device records who came; a member's history is private member data.</summary>
internal static class VisitsApi
{
    public static IEndpointRouteBuilder MapVisitsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/canteens/{canteenId}/visits", async Task<IResult> (string canteenId, VisitRequest visit, HttpContext context, IGrainFactory grains) =>
            {
                var outcome = await grains.GetGrain<ICanteenVisitDeskGrain>(canteenId).Record(visit, context.Actor());
                if (outcome.Problem is { } problem) return ProblemResponses.For(problem);
                var recorded = outcome.Value!;
                return recorded.AlreadyCounted
                    ? TypedResults.Ok(recorded)
                    : TypedResults.Created($"/api/members/{recorded.MemberId}/visits", recorded);
            })
            .WithTags("Canteens")
            .ValidatesRouteIds()
            .Produces<CanteenVisit>(StatusCodes.Status201Created)
            .Produces<CanteenVisit>()
            .Gives(ProblemCodes.InvalidRequest, ProblemCodes.InvalidState, ProblemCodes.Forbidden, ProblemCodes.NotFound, ProblemCodes.RateLimited)
            .Describe("recordVisit", "Record a diner's visit",
                "Staff of the canteen's site identify the diner by cardNumber or phone (a phone several members share needs memberId too; "
                + "every phone look-up is audited), a device of the site or of this canteen by cardNumber. The meal is the one served now "
                + "by the canteen's meal hours in the site's time zone; staff recording late name meal (and date, up to 7 days back). "
                + "201: counted; 200 with alreadyCounted true: the diner was already counted for this meal, nothing changed. "
                + "No meal served now, or a meal not started yet: 409 invalid-state. Durable before it answers; kept 90 days.")
            .RequireAuthorization(AccessPolicies.SignedIn);

        app.MapGet("/api/members/{memberId}/visits", async (string memberId, HttpContext context, IGrainFactory grains) =>
                (await grains.GetGrain<IMemberVisitsGrain>(memberId).List(context.Actor())).ToResult())
            .WithTags("Members")
            .ValidatesRouteIds()
            .Produces<IReadOnlyList<MemberVisit>>()
            .Gives(ProblemCodes.Forbidden, ProblemCodes.NotFound)
            .Describe("getMemberVisits", "List a member's canteen visits",
                "The member's canteen visits of the last 90 days, newest first (older ones are dropped): the member, their family, staff of the home site.")
            .RequireAuthorization(AccessPolicies.SignedIn);

        return app;
    }
}
