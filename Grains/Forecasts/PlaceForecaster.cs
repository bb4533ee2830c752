using System.Globalization;
using Occupancy.Grains.Stats;

namespace Occupancy.Grains.Forecasts;

/// <summary>Puts a forecast together from a place, its day so far and its history: the rules, without a cluster.</summary>
public static class PlaceForecaster
{
    /// <summary>
    /// The forecast the routes and screens show. It stays the adjusted one only while it beats the plain usual curve on
    /// the held-out week (<see cref="ForecastEvaluation"/>, asserted by a test); were it not to, this would say UsualCurve.
    /// </summary>
    public const ForecastMethod Shown = ForecastMethod.AdjustedToToday;

    /// <param name="today">Today's hourly peaks through the current hour, null when the place has no record today.</param>
    /// <param name="sameWeekdays">The place's days on the same weekday of the previous eight weeks that have history.</param>
    public static PlaceForecast Make(ForecastPlace place, DateTimeOffset now, int[]? today, IReadOnlyList<PastDay> sameWeekdays, ForecastMethod method = Shown)
    {
        var zone = LocalDates.Zone(place.TimeZone);
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var date = DateOnly.FromDateTime(local);
        var hour = local.Hour;
        var opening = place.Opening(date);
        var usual = UsualCurve(sameWeekdays);
        if (sameWeekdays.Count == 0) method = ForecastMethod.NoHistory;

        var ratio = method == ForecastMethod.AdjustedToToday ? TodayForecast.Ratio(usual, today, hour, opening) : 1;
        var rest = method == ForecastMethod.AdjustedToToday
            ? TodayForecast.RestOfDay(usual, today, hour, opening)
            : TodayForecast.UsualRestOfDay(usual, hour);
        var hours = rest.Select((expected, i) => new ForecastHour(
            hour + i,
            $"{hour + i:00}:00",
            Round(expected),
            Round(usual[hour + i]),
            place.Thresholds.LevelOf(opening.IsOpenDuring(hour + i), (int)Math.Round(expected ?? 0), place.Capacity))).ToArray();

        int? quiet = method == ForecastMethod.NoHistory
            ? null
            : NextQuietTime.Find(local.Hour * 60 + local.Minute, place.Occupied, rest, opening, place.Capacity, place.Thresholds);
        DateTimeOffset? quietAt = quiet is { } minute ? Instant(date, minute, zone) : null;
        return new PlaceForecast(place.Id, place.Kind, place.SiteId, date, place.TimeZone, place.Capacity, place.Occupied, method,
            Math.Round(ratio, 3), sameWeekdays.Count, sameWeekdays.Count(d => d.Generated), hours,
            quiet is { } m ? string.Create(CultureInfo.InvariantCulture, $"{m / 60:00}:{m % 60:00}") : null, quietAt, now);
    }

    /// <summary>Each hour's median over the days that have history, as the statistics' "usual" is.</summary>
    public static double?[] UsualCurve(IReadOnlyList<PastDay> days) =>
        Enumerable.Range(0, 24).Select(h => SiteStatsGrain.Median(days.Select(d => d.Hourly[h]))).ToArray();

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;

    private static DateTimeOffset Instant(DateOnly date, int minute, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue).AddMinutes(minute);
        // A local time skipped by a daylight-saving jump happens at the jump.
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(1);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }
}
