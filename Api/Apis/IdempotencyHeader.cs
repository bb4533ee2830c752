using Occupancy.Api.Problems;
using Occupancy.Grains;

namespace Occupancy.Api.Apis;

/// <summary>
/// Reads the Idempotency-Key header (1–64 printable characters, quoted or bare). Keys are scoped to the caller;
/// until callers authenticate, every caller shares one scope.
/// </summary>
internal static class IdempotencyHeader
{
    public const string Name = "Idempotency-Key";
    private const string AnonymousCaller = "anonymous";

    /// <summary>Runs the endpoint with the key (null when the header is absent), or answers 400 when it is malformed.</summary>
    public static async Task<IResult> With(string? header, Func<IdempotencyKey?, Task<IResult>> endpoint)
    {
        var (key, problem) = Read(header);
        return problem ?? await endpoint(key);
    }

    private static (IdempotencyKey? Key, IResult? Problem) Read(string? header)
    {
        if (header is null) return (null, null);
        var key = header.Length >= 2 && header[0] == '"' && header[^1] == '"' ? header[1..^1] : header;
        return IdempotencyKey.IsValid(key)
            ? (new IdempotencyKey(AnonymousCaller, key), null)
            : (null, ProblemResponses.Invalid(Name, $"{Name} has 1 to {IdempotencyKey.MaxLength} printable characters."));
    }
}
