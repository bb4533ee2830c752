using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Occupancy.Bench.Floors;

/// <summary>
/// The least a server does to answer a read: bare Kestrel returning fixed JSON bytes by path (the real bodies the
/// system gave, fetched first; <see cref="FixedBodies"/>).
/// </summary>
internal static class BareJsonFloor
{
    public static async Task Run(int port)
    {
        var bodies = await FixedBodies.FromEnvironmentAsync() ?? throw new InvalidOperationException($"{FixedBodies.ManifestVariable} is not set.");

        var builder = WebApplication.CreateSlimBuilder().WithApiAcceptQueue();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(context =>
        {
            if (context.Request.Path == "/ready")
            {
                context.Response.StatusCode = 200;
                return Task.CompletedTask;
            }
            return bodies.Write(context);
        });
        await app.RunAsync();
    }
}
