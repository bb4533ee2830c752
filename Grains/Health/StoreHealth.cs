namespace Occupancy.Grains.Health;

/// <summary>Whether the store took a small write just now.</summary>
[GenerateSerializer, Immutable, Alias("StoreHealth")]
public sealed record StoreHealth([property: Id(0)] bool Healthy, [property: Id(1)] string Detail);
