using System.Globalization;
using System.Text;
using Occupancy.Api.Problems;
using Occupancy.Api.Reference;
using Occupancy.Grains;
using Occupancy.Grains.Stats;

namespace Occupancy.Api.Apis;

internal static class StatsApi
{
    public static IEndpointRouteBuilder MapStatsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/sites/{siteId}").WithTags("Statistics").ValidatesRouteIds();

        api.MapGet("/stats", async (string siteId, string? date, IGrainFactory grains) =>
                (await grains.GetGrain<ISiteStatsGrain>(siteId).GetDay(date)).ToResult())
            .Produces<SiteDayStats>()
            .Gives(ProblemCodes.InvalidRequest, ProblemCodes.NotFound)
            .Describe("getSiteDayStats", "Read a site's day", "A local day (date=YYYY-MM-DD, default today in the site's time zone): visits, meals served, bookings, "
                + "cancellations, no-shows and sessions held; per facility and canteen the 24 hourly peaks and the usual "
                + "(median of the same weekday over the previous 8 weeks, null where there is no history).");

        api.MapGet("/stats.csv", async (string siteId, string? from, string? to, IGrainFactory grains) =>
            {
                var outcome = await grains.GetGrain<ISiteStatsGrain>(siteId).GetDailyRows(from, to);
                if (outcome.Problem is { } problem) return ProblemResponses.For(problem);
                var rows = outcome.Value!;
                var name = $"{siteId}-stats-{Day(rows[0].Date)}-{Day(rows[^1].Date)}.csv";
                return Results.File(Encoding.UTF8.GetBytes(Csv(rows)), "text/csv; charset=utf-8", name);
            })
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .Gives(ProblemCodes.InvalidRequest, ProblemCodes.NotFound)
            .Describe("getSiteDailyCsv", "Download a site's days as CSV", "One row per local day from 'from' to 'to' (YYYY-MM-DD, at most 366 days; default the last 30 days up to today).");

        return app;
    }

    private static string Csv(IReadOnlyList<SiteDayTotals> rows)
    {
        var csv = new StringBuilder("date,visits,mealsServed,bookings,cancellations,noShows,sessionsHeld\r\n");
        foreach (var r in rows)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{Day(r.Date)},{r.Visits},{r.MealsServed},{r.Bookings},{r.Cancellations},{r.NoShows},{r.SessionsHeld}\r\n");
        }
        return csv.ToString();
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
