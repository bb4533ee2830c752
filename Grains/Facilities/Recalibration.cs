namespace Occupancy.Grains.Facilities;

/// <summary>Staff set a drifting counter to what they see.</summary>
[GenerateSerializer, Immutable, Alias("Recalibration")]
public sealed record Recalibration([property: Id(0)] int Occupied, [property: Id(1)] string? ZoneId = null);
