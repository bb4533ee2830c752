namespace Occupancy.Grains.Canteens;

[GenerateSerializer, Immutable, Alias("TableSnapshot")]
public sealed record TableSnapshot(
    [property: Id(0)] string Id,
    [property: Id(1)] int Seats,
    [property: Id(2)] int Occupied,
    [property: Id(3)] bool Accessible);
