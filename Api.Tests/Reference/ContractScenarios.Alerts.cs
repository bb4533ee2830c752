using Occupancy.Api.Tests.Access;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains.Alerts;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Canteens.Visits;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Api.Tests.Reference;

/// <summary>An absence alert to acknowledge: it needs a meal that ended, so the scenario sets one ending within the minute.</summary>
internal static partial class ContractScenarios
{
    private static async Task AbsenceAlerts(ApiFixture api, ObservedAnswers observed)
    {
        var w = await AccessWorld.Create(api);
        var admin = api.Http;
        var grains = api.Cluster.Client;
        var ningbo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, ningbo);
        var minute = local.Hour * 60 + local.Minute;
        static string HhMm(int m) => $"{m / 60:00}:{m % 60:00}";
        // Lunch ends at the next whole minute (24:00 at the latest); with no grace the check falls due then.
        var canteen = Catalog.NewId("canteen");
        await Send(admin, null, "PUT", $"/api/canteens/{canteen}", new
        {
            siteId = w.SiteA, name = "食堂", mealHours = new[] { new { meal = "lunch", from = HhMm(Math.Max(0, minute - 1)), to = HhMm(minute + 1) } },
            tables = new[] { new { id = "t01", seats = 4 } }, alertGraceMinutes = 0,
        });
        var today = DateOnly.FromDateTime(local.DateTime);
        foreach (var day in ExpectedDiners.PastSameWeekdays(today, 3))
            await grains.GetGrain<ICanteenDayVisitsGrain>(CanteenDayKey.Of(canteen, day)).RecordAll([new DinerVisit(w.Own, Meal.Lunch, DateTimeOffset.UtcNow.AddDays(-7))]);
        await Send(admin, observed, "PUT", $"/api/members/{w.Own}/absence-watch", new { note = "consent form" });
        var alerts = grains.GetGrain<ISiteAlertsGrain>(w.SiteA);
        var raised = new List<AbsenceAlert>();
        await Eventually.Until(async () =>
        {
            raised.AddRange(await alerts.CheckDue());
            return raised.Count > 0 || (await alerts.List(Occupancy.Grains.Access.Actor.System)).Value!.Count > 0;
        }, "the absence check at the lunch's end", TimeSpan.FromMinutes(3));
        var id = AbsenceAlert.IdOf(canteen, today, Meal.Lunch, w.Own);
        await Send(admin, observed, "POST", $"/api/sites/{w.SiteA}/alerts/{id}/acknowledge", new { outcome = "visited", note = "at home, well" });
        await Send(admin, observed, "POST", $"/api/sites/{w.SiteA}/alerts/{BadId}/{today:yyyy-MM-dd}/lunch/{w.Own}/acknowledge", new { outcome = "visited" });
    }
}
