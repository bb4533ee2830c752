using Occupancy.Api.Tests.Access;
using Occupancy.Api.Tests.Support;

namespace Occupancy.Api.Tests.Reference;

/// <summary>Check-in codes and scans: a cancelled booking has no code; a scan's body that is not a code of ours, or names a bad canteen id.</summary>
internal static partial class ContractScenarios
{
    private static async Task Checkin(ApiFixture api, ObservedAnswers observed)
    {
        var w = await AccessWorld.Create(api);
        var admin = api.Http;
        await Send(admin, observed, "GET", $"/api/sessions/{w.Session}/bookings/{w.Booking}/code");
        await Send(admin, observed, "GET", $"/api/members/{w.Own}/code");
        await Send(admin, observed, "POST", $"/api/sites/{w.SiteA}/scans", new { code = "OC1.not.ours" });
        await Send(admin, observed, "POST", $"/api/sites/{w.SiteA}/scans", new { cardNumber = w.DinerCard, pin = "2468", canteenId = BadId });
        // One key, two scans at different sites: the second is another request under a used key.
        await Send(admin, observed, "POST", $"/api/sites/{w.SiteA}/scans", new { cardNumber = w.DinerCard, pin = "2468", canteenId = w.Canteen }, key: "scan-key-reused");
        await Send(admin, observed, "POST", $"/api/sites/{w.SiteB}/scans", new { cardNumber = w.DinerCard, pin = "2468" }, key: "scan-key-reused");
        await Send(admin, null, "DELETE", $"/api/sessions/{w.Session}/bookings/{w.Booking}");
        await Send(admin, observed, "GET", $"/api/sessions/{w.Session}/bookings/{w.Booking}/code");
        // The seeded hostile suite numbers its requests across all operations: the check-in routes moved the one that
        // sent a bad member id to setNoticePreferences, so it is provoked here, independent of the seed.
        await Send(admin, observed, "PUT", $"/api/members/{BadId}/notice-preferences", new { channel = "family" });
        await Send(admin, observed, "PUT", $"/api/members/{BadId}/absence-watch", new { note = "consent form" });
        await Send(admin, observed, "POST", $"/api/canteens/{BadId}/visits", new { cardNumber = w.DinerCard });
    }
}
