namespace Occupancy.Grains;

/// <summary>The answer to a create-or-replace: the snapshot, and whether it was created (201) or replaced (200).</summary>
[GenerateSerializer, Immutable, Alias("DefinitionResult`1")]
public sealed record DefinitionResult<T>([property: Id(0)] T Snapshot, [property: Id(1)] bool Created);
