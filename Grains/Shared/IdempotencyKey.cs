namespace Occupancy.Grains;

/// <summary>
/// A client's Idempotency-Key for one request, scoped to the caller (the token's subject, or the address when
/// anonymous). The grain that executes the request adds the request's fingerprint. <see cref="Target"/> is the
/// request's method and path as the Api saw it: an entity handed a key with a target registers it with the caller's
/// key registry itself (<see cref="Idempotency.CallerKeys.RegisteredAsync"/>); null when the Api registers it.
/// </summary>
[GenerateSerializer, Immutable, Alias("IdempotencyKey")]
public sealed record IdempotencyKey([property: Id(0)] string Scope, [property: Id(1)] string Key, [property: Id(2)] string? Target = null)
{
    public const int MaxLength = 64;

    /// <summary>1–64 printable ASCII characters, as the contract says.</summary>
    public static bool IsValid(string? key) =>
        key is { Length: > 0 and <= MaxLength } && key.All(c => c is >= '!' and <= '~' || c == ' ');

    internal string LedgerKey => $"{Scope}\n{Key}";
}
