using System.Net.Http.Json;
using System.Text.Json;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains.Access;

namespace Occupancy.Api.Tests.Functional;

/// <summary>
/// Canteen visits over HTTP. The test canteen serves breakfast all day (see <see cref="Catalog.Canteen"/>), so the real
/// clock is always within a meal; a canteen with no meal hours is never serving.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class VisitsApiTests(ApiFixture api)
{
    private sealed record Desk(string Site, string Canteen, string Member, string Card, string Phone, HttpClient Staff);

    private async Task<Desk> DeskAsync()
    {
        var (site, _, _, canteen) = await Catalog.CreateSite(api);
        var member = Catalog.NewId("m-diner");
        var phone = Phone();
        await api.PutJson($"/api/members/{member}", Profile("张阿姨", phone, site), 201);
        var card = (await api.PutJson($"/api/members/{member}/pin", new { pin = "2468" }, 200)).GetProperty("cardNumber").GetString()!;
        return new Desk(site, canteen, member, card, phone, api.ClientAs(Actor.StaffOf("desk-visits", site)));
    }

    [Fact]
    public async Task Staff_record_a_visit_by_card_once_per_meal_and_a_second_is_acknowledged_without_counting()
    {
        var d = await DeskAsync();

        var first = await Post(d.Staff, d.Canteen, new { cardNumber = d.Card }, 201);
        var again = await Post(d.Staff, d.Canteen, new { cardNumber = d.Card }, 200);

        Assert.Equal((d.Member, "breakfast", false, 1), (Str(first, "memberId"), Str(first, "meal"), first.GetProperty("alreadyCounted").GetBoolean(), first.GetProperty("diners").GetInt32()));
        Assert.Equal((true, 1), (again.GetProperty("alreadyCounted").GetBoolean(), again.GetProperty("diners").GetInt32()));
        Assert.Equal(Str(first, "at"), Str(again, "at"));
        var history = await Read(d.Staff.GetAsync($"/api/members/{d.Member}/visits"), 200);
        var only = Assert.Single(history.EnumerateArray());
        Assert.Equal((d.Canteen, Str(first, "date"), "breakfast"), (Str(only, "canteenId"), Str(only, "date"), Str(only, "meal")));
    }

    [Fact]
    public async Task Staff_record_by_phone_and_the_look_up_is_in_the_audit()
    {
        var d = await DeskAsync();

        var visit = await Post(d.Staff, d.Canteen, new { phone = d.Phone }, 201);

        Assert.Equal(d.Member, Str(visit, "memberId"));
        var audit = await api.GetJson($"/api/admin/audit/phone-lookups?date={DateTime.UtcNow:yyyy-MM-dd}");
        Assert.Contains(audit.EnumerateArray(), r => Str(r, "subject") == "desk-visits" && r.GetProperty("results").GetInt32() == 1);
    }

    [Fact]
    public async Task A_phone_two_members_share_needs_the_member_id()
    {
        var d = await DeskAsync();
        var spouse = Catalog.NewId("m-spouse");
        await api.PutJson($"/api/members/{spouse}", Profile("张叔叔", d.Phone, d.Site), 201);

        var ambiguous = await Post(d.Staff, d.Canteen, new { phone = d.Phone }, 409);
        var picked = await Post(d.Staff, d.Canteen, new { phone = d.Phone, memberId = spouse }, 201);

        Assert.Equal("invalid-state", Str(ambiguous, "code"));
        Assert.Equal(spouse, Str(picked, "memberId"));
    }

    [Fact]
    public async Task The_canteens_device_and_the_sites_kiosk_record_by_card_but_not_by_phone()
    {
        var d = await DeskAsync();
        var other = Catalog.NewId("m-diner");
        await api.PutJson($"/api/members/{other}", Profile("李伯伯", Phone(), d.Site), 201);
        var otherCard = (await api.PutJson($"/api/members/{other}/pin", new { pin = "1357" }, 200)).GetProperty("cardNumber").GetString()!;

        var byDevice = await Post(api.ClientAs(Actor.CanteenDevice("dev-canteen", d.Canteen)), d.Canteen, new { cardNumber = d.Card }, 201);
        var byKiosk = await Post(api.ClientAs(Actor.SiteDevice("dev-kiosk", d.Site)), d.Canteen, new { cardNumber = otherCard }, 201);
        var byPhone = await Post(api.ClientAs(Actor.SiteDevice("dev-kiosk", d.Site)), d.Canteen, new { phone = d.Phone }, 403);

        Assert.Equal((1, 2), (byDevice.GetProperty("diners").GetInt32(), byKiosk.GetProperty("diners").GetInt32()));
        Assert.Equal("forbidden", Str(byPhone, "code"));
    }

    [Fact]
    public async Task Another_sites_staff_and_devices_are_403_an_anonymous_caller_401_and_nothing_is_counted()
    {
        var d = await DeskAsync();
        var (otherSite, _, _, otherCanteen) = await Catalog.CreateSite(api);

        await Post(api.ClientAs(Actor.StaffOf("desk-elsewhere", otherSite)), d.Canteen, new { cardNumber = d.Card }, 403);
        await Post(api.ClientAs(Actor.SiteDevice("dev-kiosk-b", otherSite)), d.Canteen, new { cardNumber = d.Card }, 403);
        await Post(api.ClientAs(Actor.CanteenDevice("dev-canteen-b", otherCanteen)), d.Canteen, new { cardNumber = d.Card }, 403);
        await Post(api.ClientAs(Actor.ResidentOf(d.Member)), d.Canteen, new { cardNumber = d.Card }, 403);
        await Post(api.Anonymous, d.Canteen, new { cardNumber = d.Card }, 401);

        var history = await Read(d.Staff.GetAsync($"/api/members/{d.Member}/visits"), 200);
        Assert.Empty(history.EnumerateArray());
        var stats = await api.GetJson($"/api/sites/{d.Site}/stats");
        Assert.Equal(0, stats.GetProperty("dinersCheckedIn").GetInt32());
    }

    [Fact]
    public async Task Bad_input_is_400_and_unknown_cards_phones_and_canteens_404()
    {
        var d = await DeskAsync();

        foreach (var body in new object[]
                 {
                     new { }, new { cardNumber = d.Card, phone = d.Phone }, new { cardNumber = "12ab" }, new { phone = "call-me" },
                     new { cardNumber = d.Card, memberId = d.Member }, new { cardNumber = d.Card, meal = "supper" },
                     new { cardNumber = d.Card, date = "2026-01-01" }, new { cardNumber = d.Card, meal = "lunch" },
                     new { cardNumber = d.Card, meal = "breakfast", date = "2099-01-01" },
                 })
        {
            var problem = await Post(d.Staff, d.Canteen, body, 400);
            Assert.Equal("invalid-request", Str(problem, "code"));
        }
        Assert.Equal("invalid-id", Str(await Post(d.Staff, "Not_An_Id", new { cardNumber = d.Card }, 400), "code"));
        Assert.Equal("not-found", Str(await Post(d.Staff, d.Canteen, new { cardNumber = "99999999" }, 404), "code"));
        Assert.Equal("not-found", Str(await Post(d.Staff, d.Canteen, new { phone = Phone() }, 404), "code"));
        Assert.Equal("not-found", Str(await Post(api.Http, Catalog.NewId("canteen"), new { cardNumber = d.Card }, 404), "code"));
        Assert.Empty((await Read(d.Staff.GetAsync($"/api/members/{d.Member}/visits"), 200)).EnumerateArray());
    }

    [Fact]
    public async Task Outside_meal_hours_is_409_unless_staff_name_an_earlier_meal()
    {
        var d = await DeskAsync();
        var closed = Catalog.NewId("canteen");
        await api.PutJson($"/api/canteens/{closed}", new
        {
            siteId = d.Site, name = "夜里不开的食堂", mealHours = Array.Empty<object>(), tables = new[] { new { id = "t01", seats = 4 } },
        }, 201);

        var problem = await Post(d.Staff, closed, new { cardNumber = d.Card }, 409);

        Assert.Equal("invalid-state", Str(problem, "code"));
        Assert.Contains("No meal is served now", Str(problem, "detail"));
        Assert.Empty((await Read(d.Staff.GetAsync($"/api/members/{d.Member}/visits"), 200)).EnumerateArray());

        // Late, for yesterday's breakfast at the all-day canteen.
        var yesterday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime).AddDays(-1);
        var late = await Post(d.Staff, d.Canteen, new { cardNumber = d.Card, meal = "breakfast", date = yesterday.ToString("yyyy-MM-dd") }, 201);
        Assert.Equal(yesterday.ToString("yyyy-MM-dd"), Str(late, "date"));
    }

    [Fact]
    public async Task The_sites_stats_show_diners_per_canteen_and_meal_each_once()
    {
        var d = await DeskAsync();
        var other = Catalog.NewId("m-diner");
        await api.PutJson($"/api/members/{other}", Profile("李伯伯", Phone(), d.Site), 201);
        var otherCard = (await api.PutJson($"/api/members/{other}/pin", new { pin = "1357" }, 200)).GetProperty("cardNumber").GetString()!;

        var first = await Post(d.Staff, d.Canteen, new { cardNumber = d.Card }, 201);
        await Post(d.Staff, d.Canteen, new { cardNumber = d.Card }, 200);
        await Post(d.Staff, d.Canteen, new { phone = d.Phone }, 200);
        await Post(d.Staff, d.Canteen, new { cardNumber = otherCard }, 201);

        var stats = await api.GetJson($"/api/sites/{d.Site}/stats?date={Str(first, "date")}");
        Assert.Equal(2, stats.GetProperty("dinersCheckedIn").GetInt32());
        var canteen = stats.GetProperty("parts").EnumerateArray().Single(p => Str(p, "id") == d.Canteen);
        var meal = Assert.Single(canteen.GetProperty("diners").EnumerateArray());
        Assert.Equal(("breakfast", 2), (Str(meal, "meal"), meal.GetProperty("diners").GetInt32()));
        // Facilities have no diners.
        Assert.All(stats.GetProperty("parts").EnumerateArray().Where(p => Str(p, "kind") == "facility"),
            p => Assert.Equal(JsonValueKind.Null, p.GetProperty("diners").ValueKind));
    }

    [Fact]
    public async Task A_members_visits_are_read_by_the_member_family_and_home_staff_and_refused_to_others()
    {
        var d = await DeskAsync();
        var family = Catalog.NewId("m-fam");
        await api.PutJson($"/api/members/{family}", Profile("张小妹", Phone(), d.Site), 201);
        await api.PutJson($"/api/members/{d.Member}", Profile("张阿姨", d.Phone, d.Site, [family]), 200);
        var (otherSite, _, _, _) = await Catalog.CreateSite(api);
        await Post(d.Staff, d.Canteen, new { cardNumber = d.Card }, 201);
        var path = $"/api/members/{d.Member}/visits";

        foreach (var reader in new[] { Actor.ResidentOf(d.Member), Actor.ResidentOf(family), Actor.StaffOf("desk-home", d.Site), Actor.Admin("admin") })
            Assert.Single((await Read(api.ClientAs(reader).GetAsync(path), 200)).EnumerateArray());
        foreach (var stranger in new[] { Actor.ResidentOf(Catalog.NewId("m-other")), Actor.StaffOf("desk-elsewhere", otherSite), Actor.CanteenDevice("dev", d.Canteen) })
            Assert.Equal("forbidden", Str(await Read(api.ClientAs(stranger).GetAsync(path), 403), "code"));
        await Read(api.Anonymous.GetAsync(path), 401);
        Assert.Equal("not-found", Str(await api.GetJson($"/api/members/{Catalog.NewId("m-none")}/visits", 404), "code"));
    }

    private static object Profile(string name, string phone, string site, string[]? family = null) =>
        new { name, phone, homeSiteId = site, ageGroup = "senior", resident = true, family = family ?? [] };

    private static string Phone() => "139" + Random.Shared.NextInt64(10_000_000, 100_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Task<JsonElement> Post(HttpClient client, string canteen, object body, int status) =>
        Read(client.PostAsJsonAsync($"/api/canteens/{canteen}/visits", body, ApiFixture.Json), status);

    private static async Task<JsonElement> Read(Task<HttpResponseMessage> response, int status) => await ApiFixture.Read(await response, status);

    private static string? Str(JsonElement e, string name) => e.GetProperty(name).GetString();
}
