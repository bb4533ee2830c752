using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using System.Text.Json;
using Occupancy.Api.Problems;
using Occupancy.Grains;

namespace Occupancy.Bench.Floors;

/// <summary>
/// The rush's bare floor: Kestrel and one terminal middleware, no routing, no authentication. Every booking POST gets
/// the same 409 <c>full</c> problem body the Api sends; every other request (the setup's PUTs, <c>/ready</c>) gets 200.
/// </summary>
internal static class FixedProblemFloor
{
    public static async Task Run(int port)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            type = $"/problems/{ProblemCodes.Full}",
            title = ProblemStatus.Title(ProblemCodes.Full),
            status = StatusCodes.Status409Conflict,
            detail = "The session and its waitlist are full.",
            code = ProblemCodes.Full,
        });
        var builder = WebApplication.CreateSlimBuilder().WithApiAcceptQueue();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port));
        var app = builder.Build();
        app.Run(context =>
        {
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Value?.EndsWith("/bookings", StringComparison.Ordinal) == true)
            {
                context.Response.StatusCode = StatusCodes.Status409Conflict;
                context.Response.ContentType = "application/problem+json";
                context.Response.ContentLength = body.Length;
                return context.Response.Body.WriteAsync(body).AsTask();
            }
            context.Response.StatusCode = StatusCodes.Status200OK;
            return Task.CompletedTask;
        });
        await app.RunAsync();
    }
}
