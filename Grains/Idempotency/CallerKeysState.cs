namespace Occupancy.Grains.Idempotency;

[GenerateSerializer, Alias("CallerKeysState")]
internal sealed class CallerKeysState
{
    /// <summary>Caller and key (<see cref="IdempotencyKey.LedgerKey"/>) → the target it succeeded on and when.</summary>
    [Id(0)] public Dictionary<string, CallerKeyUse> Keys { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("CallerKeyUse")]
internal sealed record CallerKeyUse([property: Id(0)] string Target, [property: Id(1)] DateTimeOffset At);
