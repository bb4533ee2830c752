namespace Occupancy.Grains.Facilities;

[GenerateSerializer, Immutable, Alias("ZoneSnapshot")]
public sealed record ZoneSnapshot(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? NameEn,
    [property: Id(3)] int Capacity,
    [property: Id(4)] int Occupied,
    [property: Id(5)] int Available);
