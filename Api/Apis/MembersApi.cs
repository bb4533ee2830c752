using Microsoft.AspNetCore.Mvc;
using Occupancy.Api.Access;
using Occupancy.Api.Hosting;
using Occupancy.Api.Problems;
using Occupancy.Api.Reference;
using Occupancy.Grains;
using Occupancy.Grains.Members;

namespace Occupancy.Api.Apis;

/// <summary>Member data is never public: every route needs a token, and the member grain decides the scope.</summary>
internal static class MembersApi
{
    public static IEndpointRouteBuilder MapMembersApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/members", async (string? phone, HttpContext context, IGrainFactory grains) =>
                phone is null
                    ? ProblemResponses.Invalid("phone", "Look members up by phone.")
                    : (await grains.GetGrain<IMemberLookupGrain>(0).FindByPhone(phone, context.Actor())).ToResult())
            .WithTags("Members")
            .Produces<IReadOnlyList<MemberAnswer>>()
            .Gives(ProblemCodes.InvalidRequest, ProblemCodes.RateLimited)
            .Describe("findMembersByPhone", "Find members by phone", "Staff look-up: the members registered with a phone number (phone=…, required); "
                + "members of other sites masked. Every look-up is audited, and each staff member has a budget of them (429).")
            .RequireAuthorization(AccessPolicies.Staff)
            .RequireRateLimiting(RateLimits.PhoneLookup);

        var api = app.MapGroup("/api/members/{memberId}").WithTags("Members").ValidatesRouteIds();

        api.MapGet("", async (string memberId, HttpContext context, IGrainFactory grains) =>
                (await grains.GetGrain<IMemberGrain>(memberId).Get(context.Actor())).ToResult())
            .Produces<MemberAnswer>()
            .Gives(ProblemCodes.Forbidden, ProblemCodes.NotFound)
            .Describe("getMember", "Read a member", "A member's profile with no-shows and blockedUntil (null unless blocked): the member, their family, staff of "
                + "the home site. Staff of other sites get a masked view (name initial, masked phone, \"masked\": true).")
            .RequireAuthorization(AccessPolicies.SignedIn);

        api.MapPut("", async (string memberId, MemberProfile profile, HttpContext context, IGrainFactory grains) =>
                (await grains.GetGrain<IMemberGrain>(memberId).Define(profile, context.Actor())).ToDefinitionResult($"/api/members/{memberId}"))
            .Produces<MemberView>()
            .Produces<MemberView>(StatusCodes.Status201Created)
            .Gives(ProblemCodes.InvalidRequest, ProblemCodes.Forbidden)
            .Describe("defineMember", "Create or replace a member", "Creates (201, staff of the home site) or replaces (200) a member's profile; the member may change name, phone "
                + "and family only, staff of the old and new home site everything.")
            .RequireAuthorization(AccessPolicies.SignedIn);

        api.MapGet("/bookings", async (string memberId, HttpContext context, IGrainFactory grains) =>
                (await grains.GetGrain<IMemberGrain>(memberId).GetBookings(context.Actor())).ToResult(snapshot => snapshot.Bookings))
            .Produces<IReadOnlyList<MemberBookingView>>()
            .Gives(ProblemCodes.Forbidden, ProblemCodes.NotFound)
            .Describe("getMemberBookings", "List a member's bookings", "The member's bookings, newest session first, with status and waitlist position: the member, their family, "
                + "staff of the home site.")
            .RequireAuthorization(AccessPolicies.SignedIn);

        api.MapPost("/waive", (string memberId, [FromHeader(Name = IdempotencyHeader.Name)] string? idempotencyKey, HttpContext context,
                    IGrainFactory grains) =>
                IdempotencyHeader.With(context, idempotencyKey, async key =>
                    (await grains.GetGrain<IMemberGrain>(memberId).Waive(context.Actor(), key)).ToResult()))
            .Produces<MemberView>()
            .Gives(ProblemCodes.Forbidden, ProblemCodes.NotFound)
            .Describe("waiveNoShowBlock", "Clear a member's no-show block", "Staff of the member's home site clear a no-show block.")
            .RequireAuthorization(AccessPolicies.Staff);

        return app;
    }
}
