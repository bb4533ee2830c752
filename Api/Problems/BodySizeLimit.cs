using Occupancy.Api.Hosting;

namespace Occupancy.Api.Problems;

internal static class BodySizeLimit
{
    /// <summary>
    /// A declared body above the limit is refused before it is read (413 problem). Kestrel also caps bodies of
    /// unknown length; this answers the same problem on every server.
    /// </summary>
    public static IApplicationBuilder UseBodySizeLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > ApiServices.MaxBodyBytes)
            {
                await ProblemResponses.For(ProblemStatus.PayloadTooLarge, $"The body may have at most {ApiServices.MaxBodyBytes} bytes.").ExecuteAsync(context);
                return;
            }
            await next(context);
        });
}
