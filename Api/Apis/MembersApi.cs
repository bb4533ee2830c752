using Microsoft.AspNetCore.Mvc;
using Occupancy.Api.Access;
using Occupancy.Api.Hosting;
using Occupancy.Api.Problems;
using Occupancy.Grains.Members;

namespace Occupancy.Api.Apis;

internal static class MembersApi
{
    /// <summary>
    /// Until callers authenticate, every profile write counts as staff's: eligibility fields (ageGroup, resident,
    /// annualCard) are staff-only, and the grain enforces that once the caller is known.
    /// </summary>
    private const bool ProfileWritesByStaff = true;

    public static IEndpointRouteBuilder MapMembersApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/members", async (string? phone, IGrainFactory grains, HttpContext context) =>
                phone is null
                    ? ProblemResponses.Invalid("phone", "Look members up by phone.")
                    : (await grains.GetGrain<IMemberLookupGrain>(0).FindByPhone(phone, context.Actor())).ToResult())
            .WithTags("Members")
            .WithSummary("Staff look-up: the members registered with a phone number.")
            .RequireAuthorization(AccessPolicies.Staff)
            .RequireRateLimiting(RateLimits.PhoneLookup);

        var api = app.MapGroup("/api/members/{memberId}").WithTags("Members").AddEndpointFilter<RouteIdFilter>();

        api.MapGet("", async (string memberId, IGrainFactory grains) =>
                (await grains.GetGrain<IMemberGrain>(memberId).Get()).OrNotFound($"Member '{memberId}'"))
            .WithSummary("A member's profile with no-shows and blockedUntil (null unless blocked).");

        api.MapPut("", async (string memberId, MemberProfile profile, IGrainFactory grains) =>
                (await grains.GetGrain<IMemberGrain>(memberId).Define(profile, ProfileWritesByStaff)).ToDefinitionResult($"/api/members/{memberId}"))
            .WithSummary("Creates (201) or replaces (200) a member's profile; eligibility fields are set by staff.");

        api.MapGet("/bookings", async (string memberId, IGrainFactory grains) =>
                (await grains.GetGrain<IMemberGrain>(memberId).GetBookings() is { } snapshot ? snapshot.Bookings : null).OrNotFound($"Member '{memberId}'"))
            .WithSummary("The member's bookings, newest session first, with status and waitlist position.");

        api.MapPost("/waive", (string memberId, [FromHeader(Name = IdempotencyHeader.Name)] string? idempotencyKey, IGrainFactory grains, HttpContext context) =>
                IdempotencyHeader.With(context, idempotencyKey, async key =>
                    (await grains.GetGrain<IMemberGrain>(memberId).Waive(key)).ToResult()))
            .WithSummary("Staff clear a no-show block.")
            .RequireAuthorization(AccessPolicies.Staff);

        return app;
    }
}
