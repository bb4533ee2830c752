using Occupancy.Api.Tests.Support;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Api.Tests.Functional;

[Collection(ApiCollection.Name)]
public sealed class SitesApiTests(ApiFixture api)
{
    [Fact]
    public async Task A_site_lists_its_facilities_and_canteens_with_totals()
    {
        var (site, gym, court, canteen) = await Catalog.CreateSite(api);
        await api.PostJson($"/api/facilities/{court}/entries", new { count = 3 }, 200);
        await api.PutJson($"/api/canteens/{canteen}/tables/t01", new { occupied = 2 }, 200);

        var snapshot = await Eventually.Until(async () =>
        {
            var s = await api.GetJson($"/api/sites/{site}");
            return s.GetProperty("totals").GetProperty("occupied").GetInt32() == 5 ? new Box(s) : null;
        }, "the site's totals to include the court's 3 and the canteen's 2");

        var s = snapshot.Value;
        Assert.Equal("Asia/Shanghai", s.GetProperty("timeZone").GetString());
        Assert.Equal(40 + 10 + 10, s.GetProperty("totals").GetProperty("capacity").GetInt32());
        var facilityIds = s.GetProperty("facilities").EnumerateArray().Select(f => f.GetProperty("id").GetString()).ToArray();
        Assert.Contains(gym, facilityIds);
        Assert.Contains(court, facilityIds);
        Assert.Equal(canteen, s.GetProperty("canteens")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Sites_are_listed_and_a_replaced_site_answers_200()
    {
        var site = Catalog.NewId("site");
        await api.PutJson($"/api/sites/{site}", Catalog.Site(), 201);
        await api.PutJson($"/api/sites/{site}", Catalog.Site("明珠社区"), 200);

        var list = await api.GetJson("/api/sites");

        var mine = list.EnumerateArray().Single(s => s.GetProperty("id").GetString() == site);
        Assert.Equal("明珠社区", mine.GetProperty("name").GetString());
        Assert.Equal("鄞州区", mine.GetProperty("district").GetString());
    }

    [Fact]
    public async Task A_site_needs_a_real_time_zone_and_unknown_sites_are_404()
    {
        var problem = await api.PutJson($"/api/sites/{Catalog.NewId("site")}", new { name = "x", timeZone = "Mars/Olympus" }, 400);
        Assert.Equal("invalid-request", problem.GetProperty("code").GetString());
        await api.GetJson($"/api/sites/{Catalog.NewId("site")}", 404);
    }

    internal sealed record Box(System.Text.Json.JsonElement Value);

    [Theory]
    [InlineData("Asia")]
    [InlineData("../../etc/passwd")]
    [InlineData("Mars/Olympus_Mons")]
    public async Task A_time_zone_that_is_not_one_is_400_and_creates_nothing(string timeZone)
    {
        var site = Catalog.NewId("site");

        var problem = await api.PutJson($"/api/sites/{site}", new { name = "福明家园社区", district = "鄞州区", timeZone }, 400);

        Assert.Equal("invalid-request", problem.GetProperty("code").GetString());
        await api.GetJson($"/api/sites/{site}", 404);
    }
}
