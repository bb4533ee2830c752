namespace Occupancy.Grains.Canteens;

/// <summary>How many seats of a table are taken now, as staff or a seat sensor report it.</summary>
[GenerateSerializer, Immutable, Alias("TableOccupancy")]
public sealed record TableOccupancy([property: Id(0)] string TableId, [property: Id(1)] int Occupied);
