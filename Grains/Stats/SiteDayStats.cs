namespace Occupancy.Grains.Stats;

/// <summary>
/// The body of <c>GET /api/sites/{siteId}/stats</c>: a local day's totals and every part's hours against their usual.
/// <see cref="Generated"/> marks a day the demo's history generator made up. <see cref="DinersCheckedIn"/> sums the canteens' diners over their meals (a member at lunch and dinner counts twice, at one meal once).
/// </summary>
[GenerateSerializer, Immutable, Alias("SiteDayStats")]
public sealed record SiteDayStats(
    [property: Id(0)] string SiteId,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] string TimeZone,
    [property: Id(3)] int Visits,
    [property: Id(4)] int MealsServed,
    [property: Id(5)] int Bookings,
    [property: Id(6)] int Cancellations,
    [property: Id(7)] int NoShows,
    [property: Id(8)] int SessionsHeld,
    [property: Id(9)] IReadOnlyList<PartDayStats> Parts,
    [property: Id(10)] int DinersCheckedIn = 0,
    [property: Id(11)] bool Generated = false);
