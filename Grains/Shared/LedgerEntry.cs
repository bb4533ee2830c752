namespace Occupancy.Grains;

/// <summary>A request that succeeded: what it was (its fingerprint), what it answered, and when.</summary>
[GenerateSerializer, Immutable, Alias("LedgerEntry`1")]
public sealed record LedgerEntry<TResult>(
    [property: Id(0)] string Fingerprint,
    [property: Id(1)] TResult Result,
    [property: Id(2)] DateTimeOffset At);
