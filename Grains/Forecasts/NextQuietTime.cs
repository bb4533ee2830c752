namespace Occupancy.Grains.Forecasts;

/// <summary>
/// The first time, at or after now and to 10 minutes, when the place is open and expected quiet. The expectation runs
/// in a straight line from what the place holds now to the middle of each later hour's expected peak.
/// </summary>
public static class NextQuietTime
{
    public const int StepMinutes = 10;

    /// <param name="nowMinute">Minutes since local midnight.</param>
    /// <param name="occupiedNow">What the place holds now.</param>
    /// <param name="restOfDay">The expected peak of each hour from the current hour on (<see cref="TodayForecast.RestOfDay"/>).</param>
    /// <returns>Minutes since local midnight (a multiple of 10), or null when no time is expected quiet before midnight.</returns>
    public static int? Find(int nowMinute, int occupiedNow, IReadOnlyList<double?> restOfDay, DayOpening opening, int capacity, LevelThresholds thresholds)
    {
        var currentHour = nowMinute / 60;
        var points = new List<(int Minute, double Occupied)> { (nowMinute, occupiedNow) };
        for (var i = 0; i < restOfDay.Count; i++)
        {
            var middle = (currentHour + i) * 60 + 30;
            if (middle > nowMinute && restOfDay[i] is { } expected) points.Add((middle, expected));
        }
        for (var minute = (nowMinute + StepMinutes - 1) / StepMinutes * StepMinutes; minute < 1440; minute += StepMinutes)
        {
            if (!opening.IsOpenAt(minute)) continue;
            var occupied = (int)Math.Round(At(points, minute));
            if (thresholds.LevelOf(true, occupied, capacity) == Level.Quiet) return minute;
        }
        return null;
    }

    private static double At(List<(int Minute, double Occupied)> points, int minute)
    {
        for (var i = 1; i < points.Count; i++)
        {
            if (minute > points[i].Minute) continue;
            var (a, b) = (points[i - 1], points[i]);
            return a.Occupied + (b.Occupied - a.Occupied) * (minute - a.Minute) / Math.Max(1, b.Minute - a.Minute);
        }
        return points[^1].Occupied;
    }
}
