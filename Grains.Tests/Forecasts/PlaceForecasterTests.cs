using Occupancy.Grains.Forecasts;
using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Tests.Forecasts;

/// <summary>A place's forecast is in its site's local hours, and says where its numbers come from.</summary>
public sealed class PlaceForecasterTests
{
    // 04:05 UTC is 12:05 in Ningbo, a Monday.
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 4, 5, 0, TimeSpan.Zero);

    private static ForecastPlace Gym(int occupied) => new("gym", SitePartKind.Facility, "binjiang", "Asia/Shanghai", 100, occupied,
        LevelThresholds.Default, date => DayOpening.ForFacility(TodayForecastTests.DailyHoursEveryDay("09:00", "21:00"), date));

    /// <summary>Full from 11:00 to 13:00, 20 otherwise while open.</summary>
    private static PastDay Usual(bool generated) =>
        new(Enumerable.Range(0, 24).Select(h => h is 11 or 12 ? 95 : h is >= 9 and < 21 ? 20 : 0).ToArray(), generated);

    [Fact]
    public void Hours_and_the_next_quiet_time_are_the_sites_local_ones()
    {
        var forecast = PlaceForecaster.Make(Gym(occupied: 96), Now, today: null, [Usual(true), Usual(true), Usual(false)]);

        Assert.Equal(new DateOnly(2026, 11, 30), forecast.Date);
        Assert.Equal(12, forecast.Hours[0].Hour);
        Assert.Equal("12:00", forecast.Hours[0].From);
        Assert.Equal(23, forecast.Hours[^1].Hour);
        Assert.Equal(Level.NearlyFull, forecast.Hours[0].Level);
        Assert.Equal(Level.Quiet, forecast.Hours[1].Level);
        Assert.Equal(Level.Closed, forecast.Hours[^1].Level);
        // 12:30 expects 95, 13:30 expects 20: at 12:50 the line is at 70 (busy), at 13:00 at 57.5, quiet: 13:00 local, 05:00 UTC.
        Assert.Equal("13:00", forecast.NextQuietTime);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 5, 0, 0, TimeSpan.Zero), forecast.NextQuietAt);
        Assert.Equal((3, 2), (forecast.UsualDays, forecast.GeneratedDays));
        Assert.Equal(ForecastMethod.AdjustedToToday, forecast.Method);
    }

    [Fact]
    public void Without_history_there_is_no_expectation_and_no_quiet_time()
    {
        var forecast = PlaceForecaster.Make(Gym(occupied: 96), Now, today: null, []);

        Assert.Equal(ForecastMethod.NoHistory, forecast.Method);
        Assert.Null(forecast.NextQuietTime);
        Assert.All(forecast.Hours, h => Assert.Null(h.Expected));
    }

    [Fact]
    public void A_quiet_morning_lowers_the_afternoon_below_the_usual()
    {
        var today = Enumerable.Range(0, 24).Select(h => h is >= 9 and < 12 ? 5 : 0).ToArray();
        today[11] = 30;

        var forecast = PlaceForecaster.Make(Gym(occupied: 30), Now, today, [Usual(false)]);

        Assert.True(forecast.TodayRatio < 1);
        Assert.True(forecast.Hours[2].Expected < forecast.Hours[2].Usual, $"14:00 expects {forecast.Hours[2].Expected} against a usual {forecast.Hours[2].Usual}");
    }
}
