using Occupancy.Api.Access;
using Occupancy.Api.Hosting;
using Occupancy.Api.Problems;
using Occupancy.Api.Reference;
using Occupancy.Grains;
using Occupancy.Grains.Cards;

namespace Occupancy.Api.Apis;

/// <summary>The desk sets a resident's PIN (Embedded mode: in Oidc mode residents sign in with the provider).</summary>
internal static class ResidentCardsApi
{
    public static IEndpointRouteBuilder MapResidentCardsApi(this IEndpointRouteBuilder app, AuthMode mode)
    {
        if (mode != AuthMode.Embedded) return app;

        app.MapPut("/api/members/{memberId}/pin", async (string memberId, PinChange body, IGrainFactory grains, HttpContext http) =>
                (await grains.GetGrain<IMemberCardGrain>(memberId).SetPin(http.Actor(), body.Pin)).ToResult())
            .WithTags("Members")
            .ValidatesRouteIds()
            .Produces<MemberCard>()
            .Gives(ProblemCodes.InvalidRequest, ProblemCodes.Forbidden, ProblemCodes.NotFound)
            .Describe("setMemberPin", "Set a resident's PIN", "Staff of the member's home site set the PIN (4 to 8 digits); the first time assigns an 8-digit card number.")
            .RequireAuthorization(AccessPolicies.Staff);

        return app;
    }
}
