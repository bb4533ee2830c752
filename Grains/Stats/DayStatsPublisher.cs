using Occupancy.Grains.Canteens;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Stats;

/// <summary>
/// Feeds a site's day history from its parts after each committed change. The calls are one-way: a gate
/// or a seat screen never waits on statistics, and a lost message costs a statistic, not a promise.
/// </summary>
internal static class DayStatsPublisher
{
    /// <summary>The history of the site's local day that contains <paramref name="instant"/>.</summary>
    public static ISiteDayGrain DayOf(IGrainFactory grains, string siteId, string timeZone, DateTimeOffset instant) =>
        grains.GetGrain<ISiteDayGrain>(SiteDayKey.Of(siteId, LocalDates.DateOf(instant, timeZone)));

    /// <summary>A facility's headcount at its change, and the people it let in (counted entries only).</summary>
    public static void FacilityChanged(IGrainFactory grains, FacilitySnapshot facility, string timeZone, int visits)
    {
        var day = DayOf(grains, facility.SiteId, timeZone, facility.UpdatedAt);
        _ = day.RecordOccupancy(SitePartKind.Facility, facility.Id, LocalDates.Local(facility.UpdatedAt, timeZone).Hour, facility.Occupied, facility.Version);
        if (visits > 0) _ = day.AddVisits(visits);
    }

    /// <summary>A canteen's seats taken at its change, and the diners who sat down with it.</summary>
    public static void CanteenChanged(IGrainFactory grains, CanteenSnapshot canteen, string timeZone, int mealsServed)
    {
        var day = DayOf(grains, canteen.SiteId, timeZone, canteen.UpdatedAt);
        _ = day.RecordOccupancy(SitePartKind.Canteen, canteen.Id, LocalDates.Local(canteen.UpdatedAt, timeZone).Hour, canteen.OccupiedSeats, canteen.Version);
        if (mealsServed > 0) _ = day.AddMealsServed(mealsServed);
    }
}
