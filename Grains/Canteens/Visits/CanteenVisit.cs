namespace Occupancy.Grains.Canteens.Visits;

/// <summary>
/// The answer to a recorded visit: whose, which meal of which local day, and whether it counted. A second visit of
/// the same member for the same meal is acknowledged with <see cref="AlreadyCounted"/> true and counts nothing.
/// </summary>
/// <param name="Diners">Diners checked in for this meal so far, each once.</param>
[GenerateSerializer, Immutable, Alias("CanteenVisit")]
public sealed record CanteenVisit(
    [property: Id(0)] string CanteenId,
    [property: Id(1)] string SiteId,
    [property: Id(2)] string MemberId,
    [property: Id(3)] DateOnly Date,
    [property: Id(4)] Meal Meal,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] bool AlreadyCounted,
    [property: Id(7)] int Diners);
