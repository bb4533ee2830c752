using Occupancy.Grains.Forecasts;

namespace Occupancy.Grains.Tests.Forecasts;

/// <summary>The rest of today follows how the day has gone so far, and falls back toward the usual curve for later hours.</summary>
public sealed class TodayForecastTests
{
    private static readonly DayOpening NineToNine = DayOpening.ForFacility(
        DailyHoursEveryDay("09:00", "21:00"), new DateOnly(2026, 11, 30));

    /// <summary>A gym's usual day: 20 people every open hour.</summary>
    private static readonly double?[] Flat = Enumerable.Range(0, 24).Select(h => h is >= 9 and < 21 ? 20.0 : (double?)0).ToArray();

    internal static IReadOnlyDictionary<string, string[][]> DailyHoursEveryDay(string from, string to) =>
        DailyHours.Days.ToDictionary(d => d, _ => new[] { new[] { from, to } });

    private static int[] Today(int throughHour, int each) => Enumerable.Range(0, 24).Select(h => h is >= 9 && h < throughHour ? each : 0).ToArray();

    [Fact]
    public void A_day_at_half_the_usual_expects_about_half_next_and_drifts_back_toward_usual_later()
    {
        var rest = TodayForecast.RestOfDay(Flat, Today(throughHour: 13, each: 10), currentHour: 13, NineToNine);

        // Four hours at 10 against 20 usual (with one usual hour of prior on each side): (40+20)/(80+20) = 0.6.
        Assert.Equal(0.6, TodayForecast.Ratio(Flat, Today(13, 10), 13, NineToNine), 3);
        Assert.Equal(12.0, rest[0]!.Value, 3);
        Assert.True(rest[0] < rest[4] && rest[4] < rest[7] && rest[7] < 20, $"later hours move back toward 20: {string.Join(", ", rest)}");
    }

    [Fact]
    public void A_busier_day_expects_more_than_usual()
    {
        var rest = TodayForecast.RestOfDay(Flat, Today(throughHour: 12, each: 30), currentHour: 12, NineToNine);

        Assert.True(rest[0] > 25, $"expected well above the usual 20, got {rest[0]}");
    }

    [Fact]
    public void Without_a_record_of_today_the_forecast_is_the_usual_curve()
    {
        Assert.Equal(TodayForecast.UsualRestOfDay(Flat, 14), TodayForecast.RestOfDay(Flat, null, 14, NineToNine));
    }

    [Fact]
    public void Before_the_first_open_hour_is_over_the_forecast_is_the_usual_curve()
    {
        Assert.Equal(1.0, TodayForecast.Ratio(Flat, new int[24], currentHour: 9, NineToNine));
    }

    [Fact]
    public void The_current_hour_expects_at_least_the_peak_it_already_had()
    {
        var today = Today(13, 10);
        today[13] = 35;

        Assert.Equal(35, TodayForecast.RestOfDay(Flat, today, 13, NineToNine)[0]);
    }

    [Fact]
    public void An_empty_morning_does_not_forecast_an_empty_day_nor_a_crowd_a_doubled_one_beyond_the_bounds()
    {
        Assert.Equal(TodayForecast.MinRatio, TodayForecast.Ratio(Flat, Today(21, 0), 21, NineToNine));
        Assert.Equal(TodayForecast.MaxRatio, TodayForecast.Ratio(Flat, Today(21, 500), 21, NineToNine));
    }

    [Fact]
    public void Hours_without_a_usual_have_no_expectation()
    {
        var usual = (double?[])Flat.Clone();
        usual[15] = null;

        Assert.Null(TodayForecast.RestOfDay(usual, Today(13, 10), 13, NineToNine)[2]);
    }
}
