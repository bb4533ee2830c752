using Microsoft.AspNetCore.Diagnostics;
using Occupancy.Grains;

namespace Occupancy.Api.Problems;

/// <summary>
/// Everything that escapes an endpoint becomes a problem, never a bare 500: malformed input is a 4xx, and a
/// store or cluster that did not answer is a 503 whose outcome is unknown (retry with the same Idempotency-Key).
/// </summary>
internal sealed class FailureHandler(ILogger<FailureHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (code, detail, errors) = Classify(exception);
        if (ProblemStatus.Of(code) >= 500)
        {
            // The route, not the path: a path names member ids.
            logger.LogWarning(exception, "Request {Method} {Route} failed: {Code}", context.Request.Method,
                (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)", code);
            context.Response.Headers.RetryAfter = ProblemResponses.RetryAfterSeconds;
        }
        await ProblemResponses.For(code, detail, errors).ExecuteAsync(context);
        return true;
    }

    private static (string Code, string Detail, IReadOnlyDictionary<string, string[]>? Errors) Classify(Exception exception)
    {
        switch (exception)
        {
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                return (ProblemStatus.PayloadTooLarge, "The body is larger than allowed.", null);
            case BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType }:
                return (ProblemStatus.UnsupportedMediaType, "Send the body as application/json.", null);
            case BadHttpRequestException bad:
                var (detail, errors) = UnreadableBody.Describe(bad);
                return (ProblemCodes.InvalidRequest, detail, errors);
            case StorageUnavailableException:
                return (ProblemCodes.StorageUnavailable, "The store did not confirm the change; it may or may not have been made. Retry with the same Idempotency-Key.", null);
            case var _ when StoreFailure.IsCause(exception):
                return (ProblemCodes.StorageUnavailable, "The store did not answer; the change may or may not have been made. Retry with the same Idempotency-Key.", null);
            default:
                return (ProblemCodes.ClusterUnavailable, "The service could not complete the request; it may or may not have been made. Retry with the same Idempotency-Key.", null);
        }
    }
}
