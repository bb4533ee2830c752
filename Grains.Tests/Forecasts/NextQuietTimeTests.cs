using Occupancy.Grains.Forecasts;

namespace Occupancy.Grains.Tests.Forecasts;

/// <summary>"Usually free after 13:10": the first open time, to 10 minutes, when the place is expected quiet.</summary>
public sealed class NextQuietTimeTests
{
    private static readonly LevelThresholds Thresholds = LevelThresholds.Default; // quiet below 60 %
    private static readonly DayOpening NineToNine = DayOpening.ForFacility(TodayForecastTests.DailyHoursEveryDay("09:00", "21:00"), new DateOnly(2026, 11, 30));

    private static double?[] Rest(int fromHour, params double[] peaks) =>
        Enumerable.Range(fromHour, 24 - fromHour).Select(h => h - fromHour < peaks.Length ? peaks[h - fromHour] : (double?)0).ToArray();

    [Fact]
    public void A_full_place_emptying_over_the_next_hours_is_free_when_the_line_crosses_the_quiet_threshold()
    {
        // 12:05, 100 of 100 inside; 12:30 expects 90, 13:30 expects 30: 60 is crossed at 13:00, the first quiet step is 13:10.
        var minute = NextQuietTime.Find(12 * 60 + 5, 100, Rest(12, 90, 30), NineToNine, 100, Thresholds);

        Assert.Equal(13 * 60 + 10, minute);
    }

    [Fact]
    public void A_quiet_place_is_free_now_at_the_next_ten_minutes()
    {
        Assert.Equal(12 * 60 + 10, NextQuietTime.Find(12 * 60 + 1, 10, Rest(12, 10, 10), NineToNine, 100, Thresholds));
        Assert.Equal(12 * 60, NextQuietTime.Find(12 * 60, 10, Rest(12, 10, 10), NineToNine, 100, Thresholds));
    }

    [Fact]
    public void Before_opening_the_first_quiet_time_is_at_the_opening()
    {
        Assert.Equal(9 * 60, NextQuietTime.Find(7 * 60 + 45, 0, Rest(7, 0, 0, 5, 5), NineToNine, 100, Thresholds));
    }

    [Fact]
    public void A_canteen_full_until_lunch_ends_is_next_free_at_dinner()
    {
        var meals = DayOpening.ForCanteen([new(Occupancy.Grains.Canteens.Meal.Lunch, "10:45", "13:00"), new(Occupancy.Grains.Canteens.Meal.Dinner, "16:45", "18:30")]);
        var rest = Rest(12, 95, 0, 0, 0, 40, 70);

        Assert.Equal(16 * 60 + 50, NextQuietTime.Find(12 * 60 + 20, 98, rest, meals, 100, Thresholds));
    }

    [Fact]
    public void No_quiet_time_before_closing_is_none()
    {
        Assert.Null(NextQuietTime.Find(19 * 60, 95, Rest(19, 95, 95), NineToNine, 100, Thresholds));
    }
}
