using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Occupancy.Bench.Floors;

/// <summary>
/// The least a server must do to fan a snapshot out: a bare SignalR hub at the same path with the same <c>Watch</c>
/// and <c>changed(topic, snapshot)</c>, holding one snapshot (the system's own JSON, given in FLOOR_SNAPSHOT) for
/// every topic. <c>POST /broadcast</c> raises its version and sends it to the watchers of FLOOR_TOPIC, answering
/// the version and the monotonic timestamp at which the send started (comparable across processes on Linux).
/// No grains, no relay, no authentication: what is left is SignalR itself.
/// </summary>
internal static class BareHubFloor
{
    public static async Task Run(int port, string[] args)
    {
        var snapshot = JsonNode.Parse(Environment.GetEnvironmentVariable("FLOOR_SNAPSHOT") ?? """{"version":0}""")!.AsObject();
        var topic = Environment.GetEnvironmentVariable("FLOOR_TOPIC") ?? "canteen:floor";
        var state = new Snapshot(snapshot);

        var builder = WebApplication.CreateSlimBuilder(args).WithApiAcceptQueue();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddSignalR();
        builder.Services.AddSingleton(state);
        var app = builder.Build();
        app.UseWebSockets();
        app.MapGet("/ready", () => "ready");
        app.MapHub<BareHub>("/hubs/occupancy");
        app.MapPost("/broadcast", async (IHubContext<BareHub> hub) =>
        {
            var (version, json) = state.Next();
            var start = Stopwatch.GetTimestamp();
            await hub.Clients.Group(topic).SendAsync("changed", topic, json);
            return Results.Json(new { version, start });
        });
        await app.RunAsync();
    }

    /// <summary>The one snapshot every topic shows; each broadcast raises its version.</summary>
    private sealed class Snapshot(JsonObject json)
    {
        private readonly Lock _gate = new();
        private long _version = json["version"]?.GetValue<long>() ?? 0;
        private JsonElement _current = JsonSerializer.SerializeToElement(json);

        public JsonElement Current
        {
            get { lock (_gate) return _current; }
        }

        public (long Version, JsonElement Json) Next()
        {
            lock (_gate)
            {
                json["version"] = ++_version;
                _current = JsonSerializer.SerializeToElement(json);
                return (_version, _current);
            }
        }
    }

    private sealed class BareHub(Snapshot snapshot) : Hub
    {
        public async Task<JsonElement> Watch(string topic)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, topic);
            return snapshot.Current;
        }
    }
}
