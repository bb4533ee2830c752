using Occupancy.Grains.Canteens.Visits;
using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Stats;

/// <summary>
/// A facility's or canteen's day: the peak headcount (seats taken, for a canteen) in each local hour, and the
/// usual for that hour, the median over the same weekday of the previous eight weeks (null when none of them
/// has history). <see cref="UsualDays"/> says how many of those eight days had history. A canteen also has
/// <see cref="Diners"/>: the diners checked in for each meal with any visit that day, each member once (null for a facility).
/// </summary>
[GenerateSerializer, Immutable, Alias("PartDayStats")]
public sealed record PartDayStats(
    [property: Id(0)] string Id,
    [property: Id(1)] SitePartKind Kind,
    [property: Id(2)] string Name,
    [property: Id(3)] string? NameEn,
    [property: Id(4)] int[] Hourly,
    [property: Id(5)] double?[] Usual,
    [property: Id(6)] int UsualDays,
    [property: Id(7)] IReadOnlyList<MealDiners>? Diners = null);
