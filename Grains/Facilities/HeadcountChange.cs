namespace Occupancy.Grains.Facilities;

/// <summary>People passing a gate: entries or exits, optionally in one zone, optionally with the sensor's event id.</summary>
[GenerateSerializer, Immutable, Alias("HeadcountChange")]
public sealed record HeadcountChange(
    [property: Id(0)] int Count = 1,
    [property: Id(1)] string? ZoneId = null,
    [property: Id(2)] string? EventId = null);
