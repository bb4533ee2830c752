namespace Occupancy.Grains.Sites;

[GenerateSerializer, Immutable, Alias("SiteTotals")]
public sealed record SiteTotals([property: Id(0)] int Capacity, [property: Id(1)] int Occupied);
