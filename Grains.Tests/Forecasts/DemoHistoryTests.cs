using Occupancy.Grains.Catalog;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Tests.Forecasts;

/// <summary>The demo's generated weeks look like the places they stand for, and are the same every time.</summary>
public sealed class DemoHistoryTests
{
    private static readonly DateOnly Anchor = new(2026, 11, 30); // a Monday
    private static readonly IReadOnlyList<CatalogSite> Sites = DemoCatalog.Load().Sites;

    private static HistoryPlace Facility(string id) => HistoryPlace.Of(Sites.SelectMany(s => s.Facilities).Single(f => f.Id == id));

    private static HistoryPlace Canteen(string id) => HistoryPlace.Of(Sites.SelectMany(s => s.Canteens).Single(c => c.Id == id));

    /// <summary>The mean of each hour over the weekdays (or weekend days) of the eight weeks, rain and holiday aside.</summary>
    private static double[] Mean(HistoryPlace place, bool weekend)
    {
        var days = Enumerable.Range(1, DemoHistory.Days).Select(a => Anchor.AddDays(-a))
            .Where(d => (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) == weekend && !DemoHistory.IsHoliday(d, Anchor) && !DemoHistory.IsRainy(d, Anchor, DemoHistory.DemoSeed))
            .Select(d => DemoHistory.Day(place, d, Anchor, DemoHistory.DemoSeed)).ToArray();
        return Enumerable.Range(0, 24).Select(h => days.Average(d => d[h])).ToArray();
    }

    [Fact]
    public void The_same_seed_place_and_day_give_the_same_hours_and_another_seed_other_hours()
    {
        var gym = Facility("fuming-gym");
        var day = Anchor.AddDays(-9);

        Assert.Equal(DemoHistory.Day(gym, day, Anchor, 12), DemoHistory.Day(gym, day, Anchor, 12));
        Assert.NotEqual(DemoHistory.Day(gym, day, Anchor, 12), DemoHistory.Day(gym, day, Anchor, 13));
    }

    [Fact]
    public void A_canteen_fills_at_lunch_and_dinner_and_is_empty_between_meals()
    {
        var canteen = Canteen("binjiang-canteen");
        var weekday = Mean(canteen, weekend: false);
        var seats = canteen.Capacity;

        Assert.True(weekday[11] > 0.6 * seats, $"lunch at 11:00 holds {weekday[11]:F1} of {seats}");
        Assert.True(weekday[17] > 0.4 * seats, $"dinner at 17:00 holds {weekday[17]:F1} of {seats}");
        Assert.All(new[] { 9, 14, 15, 20, 3 }, h => Assert.Equal(0, weekday[h]));
    }

    [Fact]
    public void The_gym_peaks_in_the_evening_on_weekdays_and_earlier_at_weekends_and_never_outside_its_hours()
    {
        var gym = Facility("fuming-gym"); // 10:00–21:00
        var weekday = Mean(gym, weekend: false);
        var weekend = Mean(gym, weekend: true);

        Assert.True(weekday[19] > 2 * weekday[11], $"weekday 19:00 {weekday[19]:F1} against 11:00 {weekday[11]:F1}");
        Assert.True(weekend[11] > weekday[11], $"weekend mornings are busier: {weekend[11]:F1} against {weekday[11]:F1}");
        Assert.All(weekday[..10].Concat(weekday[21..]), v => Assert.Equal(0, v));
    }

    [Fact]
    public void The_eight_weeks_hold_a_rainy_day_that_empties_the_garden_and_a_holiday_that_quiets_the_canteen()
    {
        var garden = Facility("mingzhu-garden");
        var rainy = Anchor.AddDays(-DemoHistory.RainDaysAgo);
        var holiday = Anchor.AddDays(-DemoHistory.HolidayDaysAgo);
        Assert.True(DemoHistory.IsRainy(rainy, Anchor, DemoHistory.DemoSeed));
        Assert.True(DemoHistory.IsHoliday(holiday, Anchor));
        Assert.True(holiday.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday), "the holiday falls on a weekday: it changes that day's shape");

        var usualGarden = Mean(garden, rainy.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday).Sum();
        Assert.True(DemoHistory.Day(garden, rainy, Anchor, DemoHistory.DemoSeed).Sum() < 0.5 * usualGarden, "rain keeps people out of the garden");

        var canteen = Canteen("mingzhu-canteen");
        Assert.True(DemoHistory.Day(canteen, holiday, Anchor, DemoHistory.DemoSeed).Sum() < 0.9 * Mean(canteen, weekend: false).Sum(), "the holiday's canteen is quieter");
    }

    [Fact]
    public void Places_are_the_catalogs_facilities_and_canteens_with_their_seats()
    {
        var canteen = Canteen("binjiang-canteen");

        Assert.Equal(SitePartKind.Canteen, canteen.Kind);
        Assert.Equal(Sites.SelectMany(s => s.Canteens).Single(c => c.Id == "binjiang-canteen").Tables.Sum(t => t.Seats), canteen.Capacity);
        Assert.Equal(FacilityKind.Gym, Facility("fuming-gym").FacilityKind);
    }
}
