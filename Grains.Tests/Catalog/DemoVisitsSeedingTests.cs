using Microsoft.Extensions.Logging.Abstractions;
using Occupancy.Grains.Access;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Canteens.Visits;
using Occupancy.Grains.Catalog;
using Occupancy.Grains.Stats;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Catalog;

/// <summary>A fresh start holds four weeks of the demo regulars' visits, relative to today at the canteen.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DemoVisitsSeedingTests(DemoCatalogFixture fixture) : IClassFixture<DemoCatalogFixture>
{
    private static DateOnly Today => LocalDates.DateOf(DateTimeOffset.UtcNow, "Asia/Shanghai");

    private ICanteenDayVisitsGrain Day(DateOnly date) => fixture.Grains.GetGrain<ICanteenDayVisitsGrain>(CanteenDayKey.Of("binjiang-canteen", date));

    [Fact]
    public async Task The_regulars_came_on_the_days_before_and_only_one_of_them_today()
    {
        // The startup task runs beside the first tests: wait for the last regular's history, written last.
        await Eventually.Until(async () => !await fixture.Grains.GetGrain<IMemberVisitsGrain>("m-1027").IsEmpty(), "the demo regulars to be seeded");

        var yesterdayLunch = await Day(Today.AddDays(-1)).VisitorsOf(Meal.Lunch);
        var todayLunch = await Day(Today).VisitorsOf(Meal.Lunch);

        Assert.Equal(["m-1024", "m-1025", "m-1027"], yesterdayLunch);
        Assert.Equal(["m-1024", "m-1025"], await Day(Today.AddDays(-1)).VisitorsOf(Meal.Dinner));
        Assert.Equal(["m-1024"], todayLunch);
        var history = TestPlaces.Accepted(await fixture.Grains.GetGrain<IMemberVisitsGrain>("m-1025").List(Actor.ResidentOf("m-1026")));
        Assert.Equal(2 * (DemoRegulars.Days - 1), history.Count);
    }

    [Fact]
    public async Task Loading_again_seeds_no_visit_twice()
    {
        await Eventually.Until(async () => !await fixture.Grains.GetGrain<IMemberVisitsGrain>("m-1027").IsEmpty(), "the demo regulars to be seeded");
        var before = TestPlaces.Accepted(await fixture.Grains.GetGrain<IMemberVisitsGrain>("m-1024").List(Actor.System)).Count;

        await new CatalogSeeder(fixture.Grains, NullLogger<CatalogSeeder>.Instance).SeedAsync(CancellationToken.None);

        Assert.Equal(before, TestPlaces.Accepted(await fixture.Grains.GetGrain<IMemberVisitsGrain>("m-1024").List(Actor.System)).Count);
        Assert.Equal(["m-1024", "m-1025", "m-1027"], await Day(Today.AddDays(-2)).VisitorsOf(Meal.Lunch));
    }
}
