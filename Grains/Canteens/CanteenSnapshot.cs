using Occupancy.Grains.Live;

namespace Occupancy.Grains.Canteens;

/// <summary>A canteen as its entrance screen shows it: the REST body and the hub payload of <c>canteen:{id}</c>.</summary>
[GenerateSerializer, Immutable, Alias("CanteenSnapshot")]
public sealed record CanteenSnapshot(
    [property: Id(0)] string Id,
    [property: Id(1)] string SiteId,
    [property: Id(2)] string Name,
    [property: Id(3)] string? NameEn,
    [property: Id(4)] int Seats,
    [property: Id(5)] int OccupiedSeats,
    [property: Id(6)] int FreeSeats,
    [property: Id(7)] Level Level,
    [property: Id(8)] bool Open,
    [property: Id(9)] IReadOnlyList<MealHours> MealHours,
    [property: Id(10)] IReadOnlyList<TableSnapshot> Tables,
    [property: Id(11)] Meal? CurrentMeal,
    [property: Id(12)] double QuietBelow,
    [property: Id(13)] double NearlyFullFrom,
    [property: Id(14)] long Version,
    [property: Id(15)] DateTimeOffset UpdatedAt,
    [property: Id(16)] IReadOnlyList<DateOnly>? ClosedDates = null,
    [property: Id(17)] int AlertGraceMinutes = CanteenDefinition.DefaultAlertGraceMinutes) : IVersionedSnapshot;
