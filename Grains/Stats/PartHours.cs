using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Stats;

/// <summary>A facility's or canteen's peak occupancy in each of the 24 local hours of a day.</summary>
[GenerateSerializer, Immutable, Alias("PartHours")]
public sealed record PartHours([property: Id(0)] string Id, [property: Id(1)] SitePartKind Kind, [property: Id(2)] int[] Hourly);
