namespace Occupancy.Grains.Canteens;

[GenerateSerializer, Immutable, Alias("TableDefinition")]
public sealed record TableDefinition([property: Id(0)] string Id, [property: Id(1)] int Seats, [property: Id(2)] bool Accessible = false);
