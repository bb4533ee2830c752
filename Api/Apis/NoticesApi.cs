using Occupancy.Api.Access;
using Occupancy.Api.Hosting;
using Occupancy.Api.Problems;
using Occupancy.Api.Reference;
using Occupancy.Grains;
using Occupancy.Grains.Notices;

namespace Occupancy.Api.Apis;

/// <summary>Notices and their preferences: member data, so every route needs a token; the grains decide the scope.</summary>
internal static class NoticesApi
{
    public static IEndpointRouteBuilder MapNoticesApi(this IEndpointRouteBuilder app)
    {
        var member = app.MapGroup("/api/members/{memberId}").WithTags("Notices").ValidatesRouteIds();

        member.MapGet("/notice-preferences", async (string memberId, HttpContext context, IGrainFactory grains) =>
                (await grains.GetGrain<IMemberNoticesGrain>(memberId).GetPreferences(context.Actor())).ToResult())
            .Produces<NoticePreferencesView>()
            .Gives(ProblemCodes.Forbidden, ProblemCodes.NotFound)
            .Describe("getNoticePreferences", "Read a member's notice preferences",
                "Who the member's notices go to (channel: ownPhone, family or none; channelIsDefault when never chosen: the own phone when "
                + "the member has one, else the family) and the quiet hours (site-local HH:mm, default 21:00–08:00; null: none). "
                + "The member, their family, staff of the home site.")
            .RequireAuthorization(AccessPolicies.SignedIn);

        member.MapPut("/notice-preferences", async (string memberId, NoticePreferences preferences, HttpContext context, IGrainFactory grains) =>
                (await grains.GetGrain<IMemberNoticesGrain>(memberId).SetPreferences(preferences, context.Actor())).ToResult())
            .Produces<NoticePreferencesView>()
            .Gives(ProblemCodes.InvalidRequest, ProblemCodes.Forbidden, ProblemCodes.NotFound)
            .Describe("setNoticePreferences", "Set a member's notice preferences",
                "Replaces the preferences: channel (ownPhone, family, none; null or left out: the default), quietFrom and quietUntil "
                + "(site-local HH:mm, both or neither; left out: 21:00 and 08:00; both null: no quiet hours). Quiet hours hold back all "
                + "but urgent notices until they end; the change applies to notices still held. The member, their family, staff of the home site.")
            .RequireAuthorization(AccessPolicies.SignedIn);

        member.MapGet("/notices", async (string memberId, HttpContext context, IGrainFactory grains) =>
                (await grains.GetGrain<IMemberNoticesGrain>(memberId).List(context.Actor())).ToResult())
            .Produces<IReadOnlyList<NoticeView>>()
            .Gives(ProblemCodes.Forbidden, ProblemCodes.NotFound)
            .Describe("getMemberNotices", "List a member's notices",
                "The member's notices, newest first, each with its status (pending, held, delivered, listed, failed, withdrawn) and its "
                + "deliveries (delivery id, recipient, masked phone, attempts, last error). The member, their family, staff of the home site.")
            .RequireAuthorization(AccessPolicies.SignedIn);

        app.MapGet("/api/sites/{siteId}/notices", async (string siteId, string? date, HttpContext context, IGrainFactory grains) =>
                (await SiteNotices.ReadDay(grains, context.Actor(), siteId, date, TimeProvider.System.GetUtcNow())).ToResult())
            .WithTags("Notices")
            .ValidatesRouteIds()
            .Produces<IReadOnlyList<NoticeView>>()
            .Gives(ProblemCodes.InvalidRequest, ProblemCodes.Forbidden)
            .Describe("getSiteNotices", "List a site's notices of a day",
                "Staff of the site: the notices raised on a local day (date=YYYY-MM-DD, default today in the site's time zone), newest "
                + "first, with their status and deliveries (phones masked). A notice that is no longer useful before it could be "
                + "delivered is listed as failed. With no gateway configured this list is where notices go (status listed).")
            .RequireAuthorization(AccessPolicies.Staff);

        return app;
    }
}
