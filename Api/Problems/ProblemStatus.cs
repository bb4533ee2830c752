using Occupancy.Grains;

namespace Occupancy.Api.Problems;

/// <summary>The HTTP status of each problem code of the contract.</summary>
internal static class ProblemStatus
{
    public static int Of(string code) => code switch
    {
        ProblemCodes.InvalidId or ProblemCodes.InvalidRequest or ProblemCodes.OverCapacity => StatusCodes.Status400BadRequest,
        ProblemCodes.Unauthenticated => StatusCodes.Status401Unauthorized,
        ProblemCodes.Forbidden => StatusCodes.Status403Forbidden,
        ProblemCodes.NotFound => StatusCodes.Status404NotFound,
        ProblemCodes.IdempotencyKeyReused => StatusCodes.Status422UnprocessableEntity,
        ProblemCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        ProblemCodes.StorageUnavailable or ProblemCodes.ClusterUnavailable => StatusCodes.Status503ServiceUnavailable,
        "method-not-allowed" => StatusCodes.Status405MethodNotAllowed,
        "payload-too-large" => StatusCodes.Status413PayloadTooLarge,
        "unsupported-media-type" => StatusCodes.Status415UnsupportedMediaType,
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
        "method-not-allowed" => "Method not allowed.",
        "payload-too-large" => "The body is too large.",
        "unsupported-media-type" => "The body must be application/json.",
        _ => "The request was refused.",
    };
}
