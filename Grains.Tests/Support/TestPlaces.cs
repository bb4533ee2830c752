using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Tests.Support;

/// <summary>Defines sites, facilities and canteens with fresh ids, so tests sharing a cluster never meet.</summary>
public static class TestPlaces
{
    public const string TimeZone = "Asia/Shanghai";

    public static readonly IReadOnlyDictionary<string, string[][]> TenToNine =
        DailyHours.Days.ToDictionary(day => day, _ => new[] { new[] { "10:00", "21:00" } });

    public static readonly IReadOnlyList<MealHours> LunchAndDinner =
        [new(Meal.Lunch, "11:00", "13:00"), new(Meal.Dinner, "17:00", "19:00")];

    /// <summary>Three tables, ten seats: t01 (4, accessible), t02 (2), t03 (4).</summary>
    public static readonly IReadOnlyList<TableDefinition> TenSeats =
        [new("t01", 4, Accessible: true), new("t02", 2), new("t03", 4)];

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static async Task<string> SiteAsync(IGrainFactory grains)
    {
        var id = NewId("site");
        var outcome = await grains.GetGrain<ISiteGrain>(id).Define(new SiteDefinition("测试社区", TimeZone, "Test community", "高新区"), Actor.System);
        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
        return id;
    }

    public static async Task<FacilitySnapshot> FacilityAsync(
        IGrainFactory grains,
        string siteId,
        int capacity = 40,
        IReadOnlyList<ZoneDefinition>? zones = null,
        IReadOnlyDictionary<string, string[][]>? openingHours = null,
        double? quietBelow = null,
        double? nearlyFullFrom = null)
    {
        var definition = new FacilityDefinition(siteId, FacilityKind.Gym, "百姓健身房", capacity, "Residents' Gym",
            openingHours, zones, quietBelow, nearlyFullFrom);
        var outcome = await grains.GetGrain<IFacilityGrain>(NewId("gym")).Define(definition, Actor.System);
        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
        Assert.True(outcome.Value!.Created);
        return outcome.Value.Snapshot;
    }

    public static async Task<CanteenSnapshot> CanteenAsync(IGrainFactory grains, string siteId, IReadOnlyList<MealHours>? mealHours = null)
    {
        var definition = new CanteenDefinition(siteId, "滨江社区食堂", mealHours ?? LunchAndDinner, TenSeats, "Binjiang Canteen");
        var outcome = await grains.GetGrain<ICanteenGrain>(NewId("canteen")).Define(definition, Actor.System);
        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
        return outcome.Value!.Snapshot;
    }

    /// <summary>Asserts a command was refused with the given contract code, and answers the problem.</summary>
    public static Problem Refused<T>(Outcome<T> outcome, string code)
    {
        Assert.False(outcome.Succeeded, $"Expected {code}, but the command succeeded.");
        Assert.Equal(code, outcome.Problem!.Code);
        return outcome.Problem;
    }

    public static T Accepted<T>(Outcome<T> outcome)
    {
        Assert.True(outcome.Succeeded, $"Expected success, got {outcome.Problem?.Code}: {outcome.Problem?.Detail}");
        return outcome.Value!;
    }
}
