using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Occupancy.Api.Tests.Support;

namespace Occupancy.Api.Tests.Functional;

/// <summary>No request, however malformed, is answered 5xx; ids of the wrong shape are 400 invalid-id; a 4xx changes nothing.</summary>
[Collection(ApiCollection.Name)]
public sealed class MalformedInputTests(ApiFixture api)
{
    [Fact]
    public async Task An_id_followed_by_a_line_feed_is_invalid_and_creates_nothing()
    {
        var site = Catalog.NewId("site");

        var put = await api.Http.PutAsync($"/api/sites/{site}%0A", Json(JsonSerializer.Serialize(Catalog.Site(), ApiFixture.Json)));
        var get = await api.Http.GetAsync($"/api/facilities/{site}%0A");

        Assert.Equal("invalid-id", (await ApiFixture.Read(put, 400)).GetProperty("code").GetString());
        Assert.Equal("invalid-id", (await ApiFixture.Read(get, 400)).GetProperty("code").GetString());
        await api.GetJson($"/api/sites/{site}", 404);
    }

    [Theory]
    [InlineData("\"garbage\"")]
    [InlineData("\"\"")]
    [InlineData("null")]
    [InlineData("12")]
    public async Task A_malformed_instant_is_400_naming_the_field(string startsAt)
    {
        var (site, gym, _, _) = await Catalog.CreateSite(api);
        var session = Catalog.NewId("yoga");
        var body = $$"""
            {"siteId":"{{site}}","facilityId":"{{gym}}","title":"瑜伽","category":"class","startsAt":{{startsAt}},
             "endsAt":"2030-01-01T11:00:00Z","capacity":5,"bookingOpensAt":"2029-12-01T00:00:00Z",
             "bookingClosesAt":"2030-01-01T09:00:00Z","cancelFreeUntil":"2030-01-01T08:00:00Z"}
            """;

        var problem = await ApiFixture.Read(await api.Http.PutAsync($"/api/sessions/{session}", Json(body)), 400);

        Assert.Equal("invalid-request", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("startsAt", out _), problem.ToString());
        await api.GetJson($"/api/sessions/{session}", 404);
    }

    [Theory]
    [InlineData("from=9999-12-31")]
    [InlineData("to=0001-01-01")]
    public async Task Session_listings_at_the_ends_of_the_calendar_answer_without_failing(string dates)
    {
        var (site, _, _, _) = await Catalog.CreateSite(api);

        var sessions = await api.GetJson($"/api/sessions?siteId={site}&{dates}");

        Assert.Equal(0, sessions.GetArrayLength());
    }

    [Theory]
    [InlineData("""{"count":"many","zoneId":"machines"}""", "count")]
    [InlineData("""{"count":1,"zoneId":["machines"]}""", "zoneId")]
    [InlineData("""[1,2]""", "body")]
    public async Task A_body_of_the_wrong_shape_names_the_field_in_errors(string body, string field)
    {
        var (_, gym, _, _) = await Catalog.CreateSite(api);

        var problem = await ApiFixture.Read(await api.Http.PostAsync($"/api/facilities/{gym}/entries", Json(body)), 400);

        Assert.Equal("invalid-request", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.DoesNotContain("Occupancy.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_body_missing_required_fields_lists_them_in_errors()
    {
        var problem = await ApiFixture.Read(await api.Http.PutAsync($"/api/sites/{Catalog.NewId("site")}", Json("""{"nameEn":"Audit"}""")), 400);

        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _) && errors.TryGetProperty("timeZone", out _), problem.ToString());
    }

    [Fact]
    public async Task Ids_of_the_wrong_shape_in_a_body_are_invalid_id()
    {
        var (site, gym, _, _) = await Catalog.CreateSite(api);
        var before = await api.GetJson($"/api/facilities/{gym}");

        var entry = await api.PostJson($"/api/facilities/{gym}/entries", new { count = 1, zoneId = "Machines Area" }, 400);
        var facility = await api.PutJson($"/api/facilities/{Catalog.NewId("court")}", Catalog.Court("Not A Site"), 400);
        var member = await api.PutJson($"/api/members/{Catalog.NewId("m")}", new { name = "杨根有", homeSiteId = "Binjiang!" }, 400);

        Assert.Equal("invalid-id", entry.GetProperty("code").GetString());
        Assert.True(entry.GetProperty("errors").TryGetProperty("zoneId", out _));
        Assert.Equal("invalid-id", facility.GetProperty("code").GetString());
        Assert.Equal("invalid-id", member.GetProperty("code").GetString());
        Assert.Equal(before.GetProperty("version").GetInt64(), (await api.GetJson($"/api/facilities/{gym}")).GetProperty("version").GetInt64());
        Assert.Equal(site, before.GetProperty("siteId").GetString());
    }

    [Theory]
    [InlineData("Watch", "canteen:Not_An_Id", "invalid-id: ")]
    [InlineData("Watch", "canteen:ghost-of-nothing", "not-found: ")]
    [InlineData("Watch", "pool:abc", "invalid-request: ")]
    [InlineData("Watch", "facility:gym\n", "invalid-id: ")]
    [InlineData("Watch", 42, "invalid-request: ")]
    [InlineData("Unwatch", null, "invalid-request: ")]
    [InlineData("NoSuchMethod", "x", "invalid-request: ")]
    public async Task A_failed_hub_invocation_starts_with_the_problem_code(string method, object? argument, string prefix)
    {
        await using var hub = api.Hub();
        await hub.StartAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonElement>(method, argument));

        Assert.StartsWith(prefix, error.Message);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
