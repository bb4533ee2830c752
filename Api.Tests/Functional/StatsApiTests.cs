using System.Globalization;
using System.Text.Json;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Api.Tests.Functional;

[Collection(ApiCollection.Name)]
public sealed class StatsApiTests(ApiFixture api)
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public async Task A_days_stats_show_visits_and_each_parts_hours_in_the_sites_time()
    {
        var (site, gym, court, canteen) = await Catalog.CreateSite(api);
        var entered = await api.PostJson($"/api/facilities/{court}/entries", new { count = 3 }, 200);
        var at = TimeZoneInfo.ConvertTime(entered.GetProperty("updatedAt").GetDateTimeOffset(), Shanghai);
        var date = Text(DateOnly.FromDateTime(at.DateTime));

        var stats = (await Eventually.Until(async () =>
        {
            var s = await api.GetJson($"/api/sites/{site}/stats?date={date}");
            return s.GetProperty("visits").GetInt32() == 3 && Part(s, court).GetProperty("hourly")[at.Hour].GetInt32() == 3 ? new Box(s) : null;
        }, "3 visits and 3 on the court in the hour of the entry")).Value;

        Assert.Equal(date, stats.GetProperty("date").GetString());
        Assert.Equal("Asia/Shanghai", stats.GetProperty("timeZone").GetString());
        foreach (var name in new[] { "mealsServed", "bookings", "cancellations", "noShows", "sessionsHeld" })
            Assert.Equal(0, stats.GetProperty(name).GetInt32());
        Assert.Equal("facility", Part(stats, gym).GetProperty("kind").GetString());
        Assert.Equal("canteen", Part(stats, canteen).GetProperty("kind").GetString());
        Assert.Equal("篮球场", Part(stats, court).GetProperty("name").GetString());
        Assert.Equal(24, Part(stats, court).GetProperty("hourly").GetArrayLength());
        // A new site has no history, so no hour has a usual yet.
        var usual = Part(stats, court).GetProperty("usual");
        Assert.Equal(24, usual.GetArrayLength());
        Assert.All(usual.EnumerateArray(), u => Assert.Equal(JsonValueKind.Null, u.ValueKind));
    }

    [Fact]
    public async Task Without_a_date_the_stats_are_of_the_sites_today()
    {
        var (site, _, _, _) = await Catalog.CreateSite(api);
        var before = TodayInShanghai();

        var stats = await api.GetJson($"/api/sites/{site}/stats");

        Assert.Contains(stats.GetProperty("date").GetString(), new[] { before, TodayInShanghai() });
    }

    [Fact]
    public async Task Daily_rows_are_csv_one_row_per_day()
    {
        var (site, _, court, _) = await Catalog.CreateSite(api);
        var entered = await api.PostJson($"/api/facilities/{court}/entries", new { count = 2 }, 200);
        var date = Text(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(entered.GetProperty("updatedAt").GetDateTimeOffset(), Shanghai).DateTime));
        const string header = "date,visits,mealsServed,bookings,cancellations,noShows,sessionsHeld";

        var csv = await Eventually.Until(async () =>
        {
            var response = await api.Http.GetAsync($"/api/sites/{site}/stats.csv?from={date}&to={date}");
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
            var text = await response.Content.ReadAsStringAsync();
            return text.Contains($"{date},2,") ? text : null;
        }, "the day's row with 2 visits");

        Assert.Equal($"{header}\r\n{date},2,0,0,0,0,0\r\n", csv);
        var lastThirtyDays = await api.Http.GetStringAsync($"/api/sites/{site}/stats.csv");
        var lines = lastThirtyDays.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(31, lines.Length);
        Assert.Equal(header, lines[0]);
    }

    [Theory]
    [InlineData("stats?date=2026-13-01")]
    [InlineData("stats?date=29-11-2026")]
    [InlineData("stats?date=1999-12-31")]
    [InlineData("stats?date=today")]
    [InlineData("stats.csv?from=2026-11-02&to=2026-11-01")]
    [InlineData("stats.csv?from=2020-01-01&to=2021-01-01")]
    [InlineData("stats.csv?from=2026-11-01&to=soon")]
    public async Task Malformed_dates_and_ranges_are_400(string query)
    {
        var (site, _, _, _) = await Catalog.CreateSite(api);

        var response = await api.Http.GetAsync($"/api/sites/{site}/{query}");

        var problem = await ApiFixture.Read(response, 400);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("invalid-request", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Unknown_sites_are_404_and_malformed_ids_400()
    {
        var unknown = Catalog.NewId("nosite");

        Assert.Equal("not-found", (await api.GetJson($"/api/sites/{unknown}/stats", 404)).GetProperty("code").GetString());
        Assert.Equal("not-found", (await api.GetJson($"/api/sites/{unknown}/stats.csv", 404)).GetProperty("code").GetString());
        Assert.Equal("invalid-id", (await api.GetJson("/api/sites/No_Such/stats", 400)).GetProperty("code").GetString());
    }

    private static JsonElement Part(JsonElement stats, string id) =>
        stats.GetProperty("parts").EnumerateArray().Single(p => p.GetProperty("id").GetString() == id);

    private static string TodayInShanghai() => Text(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Shanghai).DateTime));

    private static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed record Box(JsonElement Value);
}
