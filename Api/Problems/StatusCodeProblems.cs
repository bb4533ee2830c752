using Microsoft.AspNetCore.Diagnostics;
using Occupancy.Grains;

namespace Occupancy.Api.Problems;

internal static class StatusCodeProblems
{
    /// <summary>Unknown routes (404) and wrong methods (405, with Allow) answer problem+json like everything else.</summary>
    public static IApplicationBuilder UseStatusCodeProblems(this IApplicationBuilder app) =>
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            var code = http.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => ProblemCodes.NotFound,
                StatusCodes.Status405MethodNotAllowed => "method-not-allowed",
                StatusCodes.Status415UnsupportedMediaType => "unsupported-media-type",
                StatusCodes.Status413PayloadTooLarge => "payload-too-large",
                _ => null,
            };
            if (code is null) return;
            await ProblemResponses.For(code, $"{http.Request.Method} {http.Request.Path} has no such resource or method.").ExecuteAsync(http);
        });
}
