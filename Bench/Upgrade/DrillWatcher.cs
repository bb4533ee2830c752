using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Occupancy.Bench.Upgrade;

/// <summary>
/// A screen on one Api node watching one session, with the screens' reconnect policy: it watches its topic again
/// after every reconnect and keeps each snapshot's version with the moment it arrived.
/// </summary>
internal sealed class DrillWatcher : IAsyncDisposable
{
    private readonly HubConnection _hub;
    private readonly Lock _gate = new();
    private readonly List<(long Version, long At)> _arrivals = [];

    public DrillWatcher(string nodeKey, Uri node, string topic)
    {
        NodeKey = nodeKey;
        Topic = topic;
        _hub = ScreenConnection.Build(node, topic, Policy, Seen);
    }

    public ScreenRetryPolicy Policy { get; } = new();

    /// <summary>The Api node it is connected to (api-1, …).</summary>
    public string NodeKey { get; }

    public string Topic { get; }

    public async Task StartAsync()
    {
        await _hub.StartAsync();
        Seen(await _hub.InvokeAsync<JsonElement>("Watch", Topic));
    }

    /// <summary>When it first held <paramref name="version"/> or newer; null if never.</summary>
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

    private void Seen(JsonElement snapshot)
    {
        var at = Stopwatch.GetTimestamp();
        var version = snapshot.GetProperty("version").GetInt64();
        lock (_gate) _arrivals.Add((version, at));
    }

    public ValueTask DisposeAsync() => _hub.DisposeAsync();
}
