using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Occupancy.Bench.Floors;

/// <summary>
/// The least a server does to answer a read: bare Kestrel returning fixed JSON bytes by path (the real bodies the
/// system gave, fetched first). <c>BARE_JSON_MANIFEST</c> names a JSON file mapping each path to a body file.
/// </summary>
internal static class BareJsonFloor
{
    public const string ManifestVariable = "BARE_JSON_MANIFEST";

    public static async Task Run(int port)
    {
        var manifestPath = Environment.GetEnvironmentVariable(ManifestVariable) ?? throw new InvalidOperationException($"{ManifestVariable} is not set.");
        var manifest = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(manifestPath))!;
        var bodies = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (path, file) in manifest) bodies[path] = await File.ReadAllBytesAsync(file);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(async context =>
        {
            if (context.Request.Path == "/ready")
            {
                context.Response.StatusCode = 200;
                return;
            }
            if (!bodies.TryGetValue(context.Request.Path.Value ?? "", out var body))
            {
                context.Response.StatusCode = 404;
                return;
            }
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body);
        });
        await app.RunAsync();
    }
}
