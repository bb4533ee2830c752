using System.Text.Json;
using Occupancy.Api.Tests.Support;

namespace Occupancy.Api.Tests.Functional;

[Collection(ApiCollection.Name)]
public sealed class FacilitiesApiTests(ApiFixture api)
{
    [Fact]
    public async Task A_facility_is_created_then_replaced_and_read_back()
    {
        var (site, gym, _, _) = await Catalog.CreateSite(api);

        var response = await api.Http.PutAsync($"/api/facilities/{gym}", Json(Catalog.Gym(site, capacity: 50)));
        var replaced = await ApiFixture.Read(response, 200);
        Assert.Equal(50, replaced.GetProperty("capacity").GetInt32());

        var created = await api.Http.PutAsync($"/api/facilities/{Catalog.NewId("pool")}", Json(Catalog.Court(site)));
        Assert.Equal(201, (int)created.StatusCode);
        Assert.StartsWith("/api/facilities/pool-", created.Headers.Location?.OriginalString);

        var read = await api.GetJson($"/api/facilities/{gym}");
        Assert.Equal(site, read.GetProperty("siteId").GetString());
        Assert.Equal("gym", read.GetProperty("kind").GetString());
        Assert.Equal("百姓健身房", read.GetProperty("name").GetString());
        Assert.Equal(2, read.GetProperty("zones").GetArrayLength());
        Assert.True(read.GetProperty("version").GetInt64() >= 2);
        Assert.EndsWith("Z", read.GetProperty("updatedAt").GetString());
    }

    [Fact]
    public async Task Entries_and_exits_move_the_zone_and_facility_counts()
    {
        var (_, gym, _, _) = await Catalog.CreateSite(api);

        await api.PostJson($"/api/facilities/{gym}/entries", new { count = 5, zoneId = "machines" }, 200);
        var after = await api.PostJson($"/api/facilities/{gym}/entries", new { count = 2, zoneId = "studio" }, 200);
        Assert.Equal(7, after.GetProperty("occupied").GetInt32());
        Assert.Equal(33, after.GetProperty("available").GetInt32());

        var exit = await api.PostJson($"/api/facilities/{gym}/exits", new { count = 9, zoneId = "machines" }, 200);
        Assert.Equal(0, Zone(exit, "machines").GetProperty("occupied").GetInt32());
        Assert.Equal(2, exit.GetProperty("occupied").GetInt32());
    }

    [Fact]
    public async Task Over_capacity_entries_are_recorded_and_shown_full()
    {
        var (_, _, court, _) = await Catalog.CreateSite(api);

        var full = await api.PostJson($"/api/facilities/{court}/entries", new { count = 12 }, 200);

        Assert.Equal(12, full.GetProperty("occupied").GetInt32());
        Assert.Equal(0, full.GetProperty("available").GetInt32());
        Assert.Equal("full", full.GetProperty("level").GetString());
    }

    [Fact]
    public async Task A_repeated_sensor_event_counts_once()
    {
        var (_, _, court, _) = await Catalog.CreateSite(api);

        var first = await api.PostJson($"/api/facilities/{court}/entries", new { count = 1, eventId = "gate2-88121" }, 200);
        var again = await api.PostJson($"/api/facilities/{court}/entries", new { count = 1, eventId = "gate2-88121" }, 200);

        Assert.Equal(1, again.GetProperty("occupied").GetInt32());
        Assert.Equal(first.GetProperty("version").GetInt64(), again.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Staff_recalibrate_a_drifting_counter()
    {
        var (_, gym, _, _) = await Catalog.CreateSite(api);

        var set = await api.PutJson($"/api/facilities/{gym}/occupancy", new { occupied = 7, zoneId = "studio" }, 200);

        Assert.Equal(7, Zone(set, "studio").GetProperty("occupied").GetInt32());
    }

    [Theory]
    [InlineData("""{"count":0,"zoneId":"machines"}""")]
    [InlineData("""{"count":-1,"zoneId":"machines"}""")]
    [InlineData("""{"count":1001,"zoneId":"machines"}""")]
    [InlineData("""{"count":99999999999999,"zoneId":"machines"}""")]
    [InlineData("""{"count":"many","zoneId":"machines"}""")]
    [InlineData("""{"count":1}""")]
    [InlineData("""{"count":1,"zoneId":"pool"}""")]
    [InlineData("""{"count":1,"zoneId":"machines","eventId":""}""")]
    [InlineData("""{"count":1,"zoneId":"machines""")]
    [InlineData("""[1,2]""")]
    public async Task Bad_counts_are_400_and_change_nothing(string body)
    {
        var (_, gym, _, _) = await Catalog.CreateSite(api);
        var before = await api.GetJson($"/api/facilities/{gym}");

        var response = await api.Http.PostAsync($"/api/facilities/{gym}/entries", Raw(body));

        var problem = await ApiFixture.Read(response, 400);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("invalid-request", problem.GetProperty("code").GetString());
        var after = await api.GetJson($"/api/facilities/{gym}");
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
        Assert.Equal(0, after.GetProperty("occupied").GetInt32());
    }

    [Fact]
    public async Task A_facility_without_zones_refuses_a_zone()
    {
        var (_, _, court, _) = await Catalog.CreateSite(api);

        var problem = await api.PostJson($"/api/facilities/{court}/entries", new { count = 1, zoneId = "machines" }, 400);

        Assert.Equal("invalid-request", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("zoneId", out _));
    }

    [Theory]
    [InlineData("/api/facilities/Fuming-Gym")]
    [InlineData("/api/facilities/-gym")]
    [InlineData("/api/facilities/gym_1")]
    [InlineData("/api/facilities/%E5%81%A5")]
    public async Task Malformed_ids_are_400_invalid_id(string path)
    {
        var problem = await api.GetJson(path, 400);
        Assert.Equal("invalid-id", problem.GetProperty("code").GetString());
        Assert.Equal("/problems/invalid-id", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_unknown_facility_is_404_and_is_not_created_by_writes()
    {
        var id = Catalog.NewId("ghost");

        var problem = await api.PostJson($"/api/facilities/{id}/entries", new { count = 1 }, 404);
        Assert.Equal("not-found", problem.GetProperty("code").GetString());

        await api.GetJson($"/api/facilities/{id}", 404);
    }

    [Fact]
    public async Task A_definition_naming_an_unknown_site_or_missing_fields_is_refused()
    {
        var unknownSite = await api.PutJson($"/api/facilities/{Catalog.NewId("gym")}", Catalog.Gym(Catalog.NewId("nosite")), 400);
        Assert.Equal("invalid-request", unknownSite.GetProperty("code").GetString());

        var missingName = await api.Http.PutAsync($"/api/facilities/{Catalog.NewId("gym")}", Raw("""{"siteId":"x","kind":"gym","capacity":4}"""));
        Assert.Equal("invalid-request", (await ApiFixture.Read(missingName, 400)).GetProperty("code").GetString());

        var badKind = await api.Http.PutAsync($"/api/facilities/{Catalog.NewId("gym")}", Raw("""{"siteId":"x","kind":"spa","name":"x","capacity":4}"""));
        Assert.Equal("invalid-request", (await ApiFixture.Read(badKind, 400)).GetProperty("code").GetString());
    }

    private static JsonElement Zone(JsonElement facility, string id) =>
        facility.GetProperty("zones").EnumerateArray().Single(z => z.GetProperty("id").GetString() == id);

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body, ApiFixture.Json), System.Text.Encoding.UTF8, "application/json");

    private static StringContent Raw(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
