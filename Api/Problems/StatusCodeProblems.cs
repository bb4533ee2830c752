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
            var request = $"{http.Request.Method} {http.Request.Path}";
            (string Code, string Detail)? problem = http.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => (ProblemCodes.NotFound, $"{request}: no such resource."),
                StatusCodes.Status405MethodNotAllowed => (ProblemStatus.MethodNotAllowed, $"{request}: the resource does not take this method; see Allow."),
                StatusCodes.Status415UnsupportedMediaType => (ProblemStatus.UnsupportedMediaType, $"{request}: send the body as application/json."),
                StatusCodes.Status413PayloadTooLarge => (ProblemStatus.PayloadTooLarge, $"{request}: the body is larger than allowed."),
                _ => null,
            };
            if (problem is { } p) await ProblemResponses.For(p.Code, p.Detail).ExecuteAsync(http);
        });
}
