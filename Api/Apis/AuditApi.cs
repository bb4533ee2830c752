using System.Globalization;
using Occupancy.Api.Access;
using Occupancy.Api.Hosting;
using Occupancy.Api.Problems;
using Occupancy.Api.Reference;
using Occupancy.Grains;
using Occupancy.Grains.Audit;

namespace Occupancy.Api.Apis;

/// <summary>What was looked at: the phone look-ups of a UTC day, for admins (the audit grains decide).</summary>
internal static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/admin/audit/phone-lookups", async (string? date, IGrainFactory grains, HttpContext context) =>
                DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                    ? (await PhoneLookupAudit.ReadDay(grains, context.Actor(), day)).ToResult()
                    : ProblemResponses.Invalid("date", "date is a UTC day, YYYY-MM-DD."))
            .WithTags("Administration")
            .Produces<IReadOnlyList<PhoneLookupRecord>>()
            .Gives(ProblemCodes.InvalidRequest, ProblemCodes.Forbidden)
            .Describe("getPhoneLookupAudit", "Read the phone look-ups of a day",
                "Admins: the phone look-ups of a UTC day (date=YYYY-MM-DD: who, when, the masked number, how many found), oldest first.")
            .RequireAuthorization(AccessPolicies.Staff);
        return app;
    }
}
