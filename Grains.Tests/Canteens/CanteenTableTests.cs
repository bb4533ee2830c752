using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Live;
using Occupancy.Grains.Tests.Support;
using static Occupancy.Grains.Tests.Support.TestPlaces;

namespace Occupancy.Grains.Tests.Canteens;

/// <summary>A canteen of ten seats (t01: 4 accessible, t02: 2, t03: 4) serving lunch 11–13 and dinner 17–19, Ningbo time.</summary>
[Collection(RulesCollection.Name)]
public sealed class CanteenTableTests(RulesClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    private async Task<ICanteenGrain> LunchTimeCanteenAsync()
    {
        fixture.AdvanceToLocal(new TimeOnly(11, 30));
        var canteen = await CanteenAsync(_grains, await SiteAsync(_grains));
        return _grains.GetGrain<ICanteenGrain>(canteen.Id);
    }

    [Fact]
    public async Task Seating_diners_shows_free_seats_by_table()
    {
        var canteen = await LunchTimeCanteenAsync();

        var seated = Accepted(await canteen.SetTable(new TableOccupancy("t01", 3), Actor.System));
        Assert.Equal(10, seated.Seats);
        Assert.Equal(3, seated.OccupiedSeats);
        Assert.Equal(7, seated.FreeSeats);
        Assert.True(seated.Open);
        Assert.Equal(Meal.Lunch, seated.CurrentMeal);
        Assert.Equal(Level.Quiet, seated.Level);
        var t01 = Assert.Single(seated.Tables, t => t.Id == "t01");
        Assert.Equal((4, 3, true), (t01.Seats, t01.Occupied, t01.Accessible));

        // A table's count is replaced, not added to.
        var fewer = Accepted(await canteen.SetTable(new TableOccupancy("t01", 1), Actor.System));
        Assert.Equal(1, fewer.OccupiedSeats);
        Assert.True(fewer.Version > seated.Version);
    }

    [Fact]
    public async Task Levels_follow_the_share_of_seats_taken()
    {
        var canteen = await LunchTimeCanteenAsync();

        Accepted(await canteen.SetTable(new TableOccupancy("t01", 4), Actor.System));
        Assert.Equal(Level.Busy, Accepted(await canteen.SetTable(new TableOccupancy("t02", 2), Actor.System)).Level);       // 6 of 10
        Assert.Equal(Level.NearlyFull, Accepted(await canteen.SetTable(new TableOccupancy("t03", 3), Actor.System)).Level); // 9 of 10
        var full = Accepted(await canteen.SetTable(new TableOccupancy("t03", 4), Actor.System));                          // 10 of 10
        Assert.Equal(Level.Full, full.Level);
        Assert.Equal(0, full.FreeSeats);
    }

    [Fact]
    public async Task A_table_takes_no_more_diners_than_its_seats_and_no_fewer_than_none()
    {
        var canteen = await LunchTimeCanteenAsync();
        var before = Accepted(await canteen.SetTable(new TableOccupancy("t02", 1), Actor.System));

        var over = Refused(await canteen.SetTable(new TableOccupancy("t02", 3), Actor.System), ProblemCodes.OverCapacity);
        Assert.Contains("occupied", over.Errors!.Keys);
        Refused(await canteen.SetTable(new TableOccupancy("t02", -1), Actor.System), ProblemCodes.InvalidRequest);
        Refused(await canteen.SetTable(new TableOccupancy("t99", 1), Actor.System), ProblemCodes.NotFound);

        var after = (await canteen.Get())!;
        Assert.Equal(1, after.OccupiedSeats);
        Assert.Equal(before.Version, after.Version);
        Assert.DoesNotContain(after.Tables, t => t.Id == "t99");

        // Exactly the seats is fine.
        Assert.Equal(2, Accepted(await canteen.SetTable(new TableOccupancy("t02", 2), Actor.System)).Tables.Single(t => t.Id == "t02").Occupied);
    }

    [Fact]
    public async Task A_canteen_is_open_during_its_meal_hours_only()
    {
        fixture.AdvanceToLocal(new TimeOnly(10, 59));
        var defined = await CanteenAsync(_grains, await SiteAsync(_grains));
        var canteen = _grains.GetGrain<ICanteenGrain>(defined.Id);
        Assert.False(defined.Open);
        Assert.Equal(Level.Closed, defined.Level);
        Assert.Null(defined.CurrentMeal);

        using var screen = new RecordingObserver(_grains);
        await canteen.Watch(screen.Reference);

        fixture.AdvanceToLocal(new TimeOnly(11, 0));
        var lunch = (await canteen.Get())!;
        Assert.True(lunch.Open);
        Assert.Equal(Meal.Lunch, lunch.CurrentMeal);
        Assert.Equal(Level.Quiet, lunch.Level);
        Assert.True(lunch.Version > defined.Version);
        await Eventually.Until(
            () => screen.Pushes<CanteenSnapshot>(Topics.Canteen(defined.Id)).Any(c => c.Open && c.Version == lunch.Version),
            "the entrance screen hears that lunch began");

        fixture.AdvanceToLocal(new TimeOnly(13, 0));
        var afterLunch = (await canteen.Get())!;
        Assert.False(afterLunch.Open);
        Assert.Equal(Level.Closed, afterLunch.Level);
        Assert.True(afterLunch.Version > lunch.Version);

        fixture.AdvanceToLocal(new TimeOnly(17, 30));
        var dinner = (await canteen.Get())!;
        Assert.True(dinner.Open);
        Assert.Equal(Meal.Dinner, dinner.CurrentMeal);
    }
}
