namespace Occupancy.Grains.Facilities;

/// <summary>A part of a facility with its own capacity, such as a gym's machine area.</summary>
[GenerateSerializer, Immutable, Alias("ZoneDefinition")]
public sealed record ZoneDefinition(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(3)] int Capacity,
    [property: Id(2)] string? NameEn = null);
