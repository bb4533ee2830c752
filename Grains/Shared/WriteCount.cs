namespace Occupancy.Grains;

/// <summary>What one activation wrote: acknowledged writes, and the changes they carried (more changes than writes: batching).</summary>
[GenerateSerializer, Immutable, Alias("WriteCount")]
public sealed record WriteCount([property: Id(0)] long Writes, [property: Id(1)] long Changes);
