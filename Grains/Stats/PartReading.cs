namespace Occupancy.Grains.Stats;

/// <summary>
/// What a place held at one of its changes, for the day's history: when, how many, at which version, and the people
/// the change let in or seated (a facility's counted entries, a canteen's diners sitting down).
/// </summary>
internal readonly record struct PartReading(DateTimeOffset At, int Occupied, long Version, int Arrivals)
{
    /// <summary>
    /// The changes of one write as few readings: in each local hour they fall in, the highest and the newest.
    /// The day keeps per hour its peak and its newest reading, so these say exactly what every reading would.
    /// </summary>
    public static IEnumerable<PartReading> Coalesce(IEnumerable<PartReading> readings, string timeZone) =>
        readings
            .GroupBy(r => LocalDates.Local(r.At, timeZone) is var local ? (DateOnly.FromDateTime(local), local.Hour) : default)
            .SelectMany(hour =>
            {
                var newest = hour.MaxBy(r => r.Version);
                var peak = hour.MaxBy(r => r.Occupied);
                return peak.Occupied > newest.Occupied ? new[] { peak, newest } : [newest];
            });
}
