namespace Occupancy.Api.Apis;

/// <summary>
/// 200 with a body that is already the contract's JSON (UTF-8), made by the grains once per change: written as it is,
/// with the same content type as a serialised answer.
/// </summary>
internal sealed class JsonBytesResult(byte[] utf8) : IResult
{
    public const string ContentType = "application/json; charset=utf-8";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = utf8.Length;
        return response.Body.WriteAsync(utf8, httpContext.RequestAborted).AsTask();
    }
}
