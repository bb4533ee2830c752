using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Stats;

/// <summary>
/// Feeds a site's day history from its parts after each write. The calls are one-way: a gate or a seat screen
/// never waits on statistics, and a lost message costs a statistic, not a promise.
/// </summary>
internal static class DayStatsPublisher
{
    /// <summary>The history of the site's local day that contains <paramref name="instant"/>.</summary>
    public static ISiteDayGrain DayOf(IGrainFactory grains, string siteId, string timeZone, DateTimeOffset instant) =>
        grains.GetGrain<ISiteDayGrain>(SiteDayKey.Of(siteId, LocalDates.DateOf(instant, timeZone)));

    /// <summary>
    /// A place's changes written together: their readings (the peak and the newest of each hour), and the people they
    /// let in or seated, each on the local day of its change (a canteen's as meals served, a facility's as visits).
    /// </summary>
    public static void PlaceChanged(IGrainFactory grains, SitePartKind kind, string siteId, string partId, string timeZone, IReadOnlyList<PartReading> changes)
    {
        foreach (var reading in PartReading.Coalesce(changes, timeZone))
        {
            _ = DayOf(grains, siteId, timeZone, reading.At)
                .RecordOccupancy(kind, partId, LocalDates.Local(reading.At, timeZone).Hour, reading.Occupied, reading.Version);
        }
        foreach (var day in changes.Where(c => c.Arrivals > 0).GroupBy(c => LocalDates.DateOf(c.At, timeZone)))
        {
            var history = grains.GetGrain<ISiteDayGrain>(SiteDayKey.Of(siteId, day.Key));
            var arrivals = day.Sum(c => c.Arrivals);
            _ = kind == SitePartKind.Canteen ? history.AddMealsServed(arrivals) : history.AddVisits(arrivals);
        }
    }
}
