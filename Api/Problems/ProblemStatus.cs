using Occupancy.Grains;

namespace Occupancy.Api.Problems;

/// <summary>The HTTP status of each problem code of the contract.</summary>
internal static class ProblemStatus
{
    // Protocol problems the contract names by status (405, 413, 415) rather than by code.
    public const string MethodNotAllowed = "method-not-allowed";
    public const string PayloadTooLarge = "payload-too-large";
    public const string UnsupportedMediaType = "unsupported-media-type";

    public static int Of(string code) => code switch
    {
        ProblemCodes.InvalidId or ProblemCodes.InvalidRequest or ProblemCodes.OverCapacity => StatusCodes.Status400BadRequest,
        ProblemCodes.Unauthenticated => StatusCodes.Status401Unauthorized,
        ProblemCodes.Forbidden => StatusCodes.Status403Forbidden,
        ProblemCodes.NotFound => StatusCodes.Status404NotFound,
        ProblemCodes.IdempotencyKeyReused => StatusCodes.Status422UnprocessableEntity,
        ProblemCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        ProblemCodes.StorageUnavailable or ProblemCodes.ClusterUnavailable => StatusCodes.Status503ServiceUnavailable,
        MethodNotAllowed => StatusCodes.Status405MethodNotAllowed,
        PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        _ => StatusCodes.Status409Conflict,
    };

    public static string Title(string code) => code switch
    {
        ProblemCodes.InvalidId => "The id is not valid.",
        ProblemCodes.InvalidRequest => "The request is not valid.",
        ProblemCodes.OverCapacity => "More than the place can hold.",
        ProblemCodes.NotFound => "Not found.",
        ProblemCodes.StorageUnavailable => "The store did not confirm; the outcome is unknown.",
        ProblemCodes.ClusterUnavailable => "The service is unreachable; the outcome is unknown.",
        ProblemCodes.IdempotencyKeyReused => "The Idempotency-Key was used for another request.",
        MethodNotAllowed => "Method not allowed.",
        PayloadTooLarge => "The body is too large.",
        UnsupportedMediaType => "The body must be application/json.",
        _ => "The request was refused.",
    };
}
