using System.Globalization;
using Occupancy.Api.Access;
using Occupancy.Api.Hosting;
using Occupancy.Api.Problems;
using Occupancy.Api.Reference;
using Occupancy.Grains;
using Occupancy.Grains.Alerts;
using Occupancy.Grains.Canteens;

namespace Occupancy.Api.Apis;

/// <summary>
/// Absence alerts: a member's consent (their own private data, as the member routes) and a site's alerts (staff of
/// that site only). The grains decide the scope; the Api only shapes the request.
/// </summary>
internal static class AlertsApi
{
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var member = app.MapGroup("/api/members/{memberId}").WithTags("Absence alerts").ValidatesRouteIds().RequireAuthorization(AccessPolicies.SignedIn);

        member.MapGet("/absence-watch", async (string memberId, HttpContext context, IGrainFactory grains) =>
                (await grains.GetGrain<IAbsenceWatchGrain>(memberId).Get(context.Actor())).ToResult())
            .Produces<AbsenceWatchView>()
            .Gives(ProblemCodes.Forbidden, ProblemCodes.NotFound)
            .Describe("getAbsenceWatch", "Read a member's consent to absence alerts", "Whether the member is watched (opted in), who gave consent and "
                + "when, and any pause (awayUntil): the member, their family, staff of the home site.");

        member.MapPut("/absence-watch", async (string memberId, AbsenceWatchRequest request, HttpContext context, IGrainFactory grains) =>
                (await grains.GetGrain<IAbsenceWatchGrain>(memberId).OptIn(request, context.Actor())).ToResult())
            .Produces<AbsenceWatchView>()
            .Gives(ProblemCodes.InvalidRequest, ProblemCodes.Forbidden, ProblemCodes.NotFound)
            .Describe("optInAbsenceWatch", "Opt a member in to absence alerts, or pause them", "Opts the member in, recording who gave consent "
                + "(the member, a family member on their behalf, or staff of the home site with a note of how it was given) and when; when already in, "
                + "sets or clears the pause: no alert up to and including awayUntil.");

        member.MapDelete("/absence-watch", async (string memberId, HttpContext context, IGrainFactory grains) =>
                (await grains.GetGrain<IAbsenceWatchGrain>(memberId).Withdraw(context.Actor())).ToResult())
            .Produces<AbsenceWatchView>()
            .Gives(ProblemCodes.Forbidden, ProblemCodes.NotFound)
            .Describe("withdrawAbsenceWatch", "Withdraw consent to absence alerts", "Stops absence alerts for the member (who and when are recorded); "
                + "withdrawing again changes nothing. The member, their family, staff of the home site.");

        member.MapGet("/absence-alerts", async (string memberId, HttpContext context, IGrainFactory grains) =>
                (await grains.GetGrain<IAbsenceWatchGrain>(memberId).ListAlerts(context.Actor())).ToResult())
            .Produces<IReadOnlyList<AbsenceAlert>>()
            .Gives(ProblemCodes.Forbidden, ProblemCodes.NotFound)
            .Describe("listMemberAbsenceAlerts", "List a member's absence alerts", "The member's absence alerts at every site, newest first, with how "
                + "staff closed them: the member, their family, staff of the home site.");

        var site = app.MapGroup("/api/sites/{siteId}/alerts").WithTags("Absence alerts").ValidatesRouteIds().RequireAuthorization(AccessPolicies.Staff);

        site.MapGet("", async (string siteId, HttpContext context, IGrainFactory grains) =>
                (await grains.GetGrain<ISiteAlertsGrain>(siteId).List(context.Actor())).ToResult())
            .Produces<IReadOnlyList<AbsenceAlert>>()
            .Gives(ProblemCodes.Forbidden)
            .Describe("listSiteAlerts", "List a site's absence alerts", "Open alerts first, then the closed ones of the last 90 days, newest first: "
                + "staff of the site and administrators. The hub topic alerts:{siteId} pushes the open ones live.");

        site.MapPost("/{canteenId}/{date}/{meal}/{memberId}/acknowledge", async (string siteId, string canteenId, string date, string meal, string memberId,
                AcknowledgeRequest request, HttpContext context, IGrainFactory grains) =>
            {
                if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                    return ProblemResponses.Invalid("date", "date is YYYY-MM-DD.");
                if (!Enum.TryParse<Meal>(meal, ignoreCase: true, out var which) || !Enum.IsDefined(which) || char.IsDigit(meal[0]))
                    return ProblemResponses.Invalid("meal", "meal is breakfast, lunch or dinner.");
                var alertId = AbsenceAlert.IdOf(canteenId, day, which, memberId);
                return (await grains.GetGrain<ISiteAlertsGrain>(siteId).Acknowledge(alertId, request, context.Actor())).ToResult();
            })
            .Produces<AbsenceAlert>()
            .Gives(ProblemCodes.InvalidRequest, ProblemCodes.Forbidden, ProblemCodes.NotFound)
            .Describe("acknowledgeAlert", "Acknowledge an absence alert", "Closes the alert {canteenId}/{date}/{meal}/{memberId} with what staff found "
                + "(reachedByPhone, visited, away, falseAlarm) and a note: staff of the site. Acknowledging a closed alert answers it unchanged.");

        return app;
    }
}
