using Microsoft.Extensions.Logging.Abstractions;
using Occupancy.Grains.Catalog;
using Occupancy.Grains.Forecasts;
using Occupancy.Grains.Sites;
using Occupancy.Grains.Stats;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Catalog;

/// <summary>
/// A fresh start holds eight weeks of generated hourly history for every demo place, marked generated, relative to the
/// day it started; loading again changes none of it, and a day with real history is never overwritten.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DemoHistorySeedingTests(DemoCatalogFixture fixture) : IClassFixture<DemoCatalogFixture>
{
    private static DateOnly Today => LocalDates.DateOf(DateTimeOffset.UtcNow, "Asia/Shanghai");

    private ISiteDayGrain Day(string siteId, DateOnly date) => fixture.Grains.GetGrain<ISiteDayGrain>(SiteDayKey.Of(siteId, date));

    private async Task<SiteDayRecord> SeededAsync(string siteId, int daysAgo) =>
        await Eventually.Until(async () => await Day(siteId, Today.AddDays(-daysAgo)).Get(23) is { Generated: true } day ? day : null,
            $"{siteId}'s history of {daysAgo} days ago to be generated", TimeSpan.FromMinutes(2));

    [Fact]
    public async Task Every_place_has_eight_weeks_of_generated_hours_and_the_forecast_counts_them()
    {
        var oldest = await SeededAsync("fuming", DemoHistory.Days);
        var yesterday = await SeededAsync("mingzhu", 1);

        Assert.Contains(oldest.Parts, p => p.Id == "fuming-gym" && p.Hourly.Sum() > 0);
        Assert.Equal(["mingzhu-badminton", "mingzhu-basketball", "mingzhu-canteen", "mingzhu-garden"], yesterday.Parts.Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.False((await Day("fuming", Today.AddDays(-DemoHistory.Days - 1)).Get(23)).Generated, "nothing before the eight weeks");
        Assert.False((await Day("fuming", Today).Get(0)).Generated, "today is never made up");
        // The stored hours read back exactly as generated, and as the stats show them.
        var gym = HistoryPlace.Of(DemoCatalog.Load().Sites.Single(s => s.Id == "fuming").Facilities.Single(f => f.Id == "fuming-gym"));
        Assert.Equal(DemoHistory.Day(gym, Today.AddDays(-DemoHistory.Days), Today, DemoHistory.DemoSeed), oldest.Parts.Single(p => p.Id == "fuming-gym").Hourly);
        var stats = TestPlaces.Accepted(await fixture.Grains.GetGrain<ISiteStatsGrain>("fuming").GetDay(Today.AddDays(-7).ToString("yyyy-MM-dd")));
        Assert.True(stats.Generated);

        await SeededAsync("fuming", 7);
        var forecast = TestPlaces.Accepted(await fixture.Grains.GetGrain<IForecastGrain>(0).ForFacility("fuming-gym"));
        Assert.Equal((8, 8), (forecast.UsualDays, forecast.GeneratedDays));
        Assert.Equal(ForecastMethod.AdjustedToToday, forecast.Method);
    }

    [Fact]
    public async Task Loading_again_changes_no_generated_day_and_real_history_is_never_overwritten()
    {
        var before = await SeededAsync("binjiang", 3);
        await SeededAsync("hefeng", DemoHistory.Days);

        await new CatalogSeeder(fixture.Grains, NullLogger<CatalogSeeder>.Instance).SeedAsync(CancellationToken.None);

        var after = await Day("binjiang", Today.AddDays(-3)).Get(23);
        Assert.Equal(before.Parts.Select(p => p.Hourly), after.Parts.Select(p => p.Hourly));

        // A day that has a reading of its own is left as it is.
        var recorded = Day("binjiang", Today.AddDays(-DemoHistory.Days - 30));
        await recorded.RecordOccupancy(SitePartKind.Facility, "binjiang-rooms", 10, 7, 1);
        await Eventually.Until(async () => (await recorded.Get(23)).Parts.Count == 1, "the reading to be recorded");
        Assert.False(await recorded.SeedGenerated([new PartHours("binjiang-rooms", SitePartKind.Facility, Enumerable.Repeat(50, 24).ToArray())]));
        var kept = await recorded.Get(23);
        Assert.False(kept.Generated);
        Assert.Equal(7, kept.Parts.Single().Hourly[10]);
    }
}
