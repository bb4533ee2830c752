using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Occupancy.Bench.Floors;

/// <summary>
/// The JSON bodies the system gave, by path, for the read floors to answer (bare Kestrel, and the Api's middleware in
/// front of a fixed answer). <see cref="ManifestVariable"/> names a JSON file mapping each path to a body file.
/// </summary>
internal sealed class FixedBodies
{
    public const string ManifestVariable = "BARE_JSON_MANIFEST";

    private readonly Dictionary<string, byte[]> _bodies;

    private FixedBodies(Dictionary<string, byte[]> bodies) => _bodies = bodies;

    /// <summary>The bodies named by the manifest in <see cref="ManifestVariable"/>; null when it is not set.</summary>
    public static async Task<FixedBodies?> FromEnvironmentAsync()
    {
        if (Environment.GetEnvironmentVariable(ManifestVariable) is not { Length: > 0 } manifestPath) return null;
        var manifest = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(manifestPath))!;
        var bodies = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (path, file) in manifest) bodies[path] = await File.ReadAllBytesAsync(file);
        return new FixedBodies(bodies);
    }

    /// <summary>Writes a manifest of <paramref name="bodies"/> (path → bytes) into <paramref name="folder"/>; answers its file.</summary>
    public static async Task<string> WriteManifestAsync(DirectoryInfo folder, IReadOnlyDictionary<string, byte[]> bodies)
    {
        var manifest = new Dictionary<string, string>(StringComparer.Ordinal);
        var n = 0;
        foreach (var (path, body) in bodies)
        {
            var file = Path.Combine(folder.FullName, $"body-{n++}.json");
            await File.WriteAllBytesAsync(file, body);
            manifest[path] = file;
        }
        var manifestFile = Path.Combine(folder.FullName, "manifest.json");
        await File.WriteAllTextAsync(manifestFile, JsonSerializer.Serialize(manifest));
        return manifestFile;
    }

    /// <summary>The body for this request's path as the system sent it (200, JSON); 404 when there is none.</summary>
    public IResult Answer => new BodyResult(this);

    private sealed class BodyResult(FixedBodies bodies) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => bodies.Write(httpContext);
    }

    /// <summary>The body for this request's path as the system sent it (200, JSON); 404 when there is none.</summary>
    public Task Write(HttpContext context)
    {
        if (!_bodies.TryGetValue(context.Request.Path.Value ?? "", out var body))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body).AsTask();
    }
}
