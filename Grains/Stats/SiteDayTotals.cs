namespace Occupancy.Grains.Stats;

/// <summary>One local day of a site in numbers: a row of the daily statistics.</summary>
[GenerateSerializer, Immutable, Alias("SiteDayTotals")]
public sealed record SiteDayTotals(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] int Visits,
    [property: Id(2)] int MealsServed,
    [property: Id(3)] int Bookings,
    [property: Id(4)] int Cancellations,
    [property: Id(5)] int NoShows,
    [property: Id(6)] int SessionsHeld);
