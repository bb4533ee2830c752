using Microsoft.AspNetCore.Http.HttpResults;
using Occupancy.Api.Access;
using Occupancy.Api.Problems;
using Occupancy.Grains;
using Occupancy.Grains.Idempotency;

namespace Occupancy.Api.Apis;

/// <summary>
/// Reads the Idempotency-Key header (1–64 printable characters, quoted or bare). Keys are scoped to the caller:
/// the token's subject, or the address when anonymous. The entity's own ledger replays a retry; the caller's key
/// registry (<see cref="ICallerKeysGrain"/>) refuses the same key on another target (method and path) with 422.
/// A request without a key costs nothing more; a refused or failed one leaves its key free. A session's booking
/// registers its key in the session instead (<see cref="ForEntity"/>): the hot path makes one call into the cluster.
/// </summary>
internal static class IdempotencyHeader
{
    public const string Name = "Idempotency-Key";

    /// <summary>Runs the endpoint with the key (null when the header is absent), or answers 400 when it is malformed.</summary>
    public static async Task<IResult> With(HttpContext context, string? header, Func<IdempotencyKey?, Task<IResult>> endpoint)
    {
        var (key, problem) = Read(context.Actor().Subject, header);
        if (problem is not null) return problem;
        if (key is null) return await endpoint(null);

        // A success (or its replay) binds the key to this target durably before the answer leaves.
        return await CallerKeys.RegisteredAsync(context.RequestServices.GetRequiredService<IGrainFactory>(), key, Target(context),
            () => endpoint(key), Succeeded, () => ProblemResponses.For(ProblemCodes.IdempotencyKeyReused, CallerKeys.ReusedDetail));
    }

    /// <summary>
    /// Runs the endpoint with the key and its target, for an entity that registers its callers' keys itself (a
    /// session's booking: one call into the cluster instead of three; see <see cref="CallerKeys.RegisteredAsync"/>).
    /// </summary>
    public static async Task<IResult> ForEntity(HttpContext context, string? header, Func<IdempotencyKey?, Task<IResult>> endpoint)
    {
        var (key, problem) = Read(context.Actor().Subject, header);
        if (problem is not null) return problem;
        return await endpoint(key is null ? null : key with { Target = Target(context) });
    }

    private static string Target(HttpContext context) => $"{context.Request.Method} {context.Request.Path}";

    private static bool Succeeded(IResult result) =>
        result is not ProblemHttpResult && (result is IStatusCodeHttpResult { StatusCode: { } status } ? status is >= 200 and < 300 : true);

    private static (IdempotencyKey? Key, IResult? Problem) Read(string scope, string? header)
    {
        if (header is null) return (null, null);
        var key = header.Length >= 2 && header[0] == '"' && header[^1] == '"' ? header[1..^1] : header;
        return IdempotencyKey.IsValid(key)
            ? (new IdempotencyKey(scope, key), null)
            : (null, ProblemResponses.Invalid(Name, $"{Name} has 1 to {IdempotencyKey.MaxLength} printable characters."));
    }
}
