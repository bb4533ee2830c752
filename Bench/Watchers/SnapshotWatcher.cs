using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Occupancy.Bench.Watchers;

/// <summary>
/// One watcher as a display is one: a hub connection that watches a topic and keeps every snapshot's version with the
/// moment it arrived. The same client for the system and for the bare hub floor, so both are measured alike.
/// </summary>
internal sealed class SnapshotWatcher : IAsyncDisposable
{
    private readonly HubConnection _hub;
    private readonly Lock _gate = new();
    private readonly List<(long Version, long At)> _arrivals = [];

    public SnapshotWatcher(Uri server, string topic)
    {
        Topic = topic;
        _hub = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/occupancy"), o =>
            {
                // Straight to the WebSocket, as a browser does after negotiating: the negotiate round trip is not what is measured.
                o.SkipNegotiation = true;
                o.Transports = HttpTransportType.WebSockets;
            })
            .Build();
        _hub.On<string, JsonElement>("changed", (_, snapshot) => Seen(snapshot));
    }

    public string Topic { get; }

    public async Task Start(CancellationToken cancellationToken)
    {
        await _hub.StartAsync(cancellationToken);
        Seen(await _hub.InvokeAsync<JsonElement>("Watch", Topic, cancellationToken));
    }

    /// <summary>Forgets what arrived so far (between repetitions).</summary>
    public void Clear()
    {
        lock (_gate) _arrivals.Clear();
    }

    /// <summary>When this watcher first held <paramref name="version"/> or a newer one (a coalesced push carries the newest); null if never.</summary>
    public long? FirstHolding(long version)
    {
        lock (_gate)
        {
            foreach (var (v, at) in _arrivals)
            {
                if (v >= version) return at;
            }
            return null;
        }
    }

    /// <summary>Snapshots that arrived with a version this watcher already held (heartbeat re-sends, duplicates).</summary>
    public int Repeats()
    {
        lock (_gate)
        {
            var repeats = 0;
            var newest = long.MinValue;
            foreach (var (v, _) in _arrivals)
            {
                if (v <= newest) repeats++;
                else newest = v;
            }
            return repeats;
        }
    }

    private void Seen(JsonElement snapshot)
    {
        var at = Stopwatch.GetTimestamp();
        var version = snapshot.GetProperty("version").GetInt64();
        lock (_gate) _arrivals.Add((version, at));
    }

    public ValueTask DisposeAsync() => _hub.DisposeAsync();
}
