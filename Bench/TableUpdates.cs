using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Occupancy.Grains;

namespace Occupancy.Bench;

/// <summary>
/// End-to-end table updates with one watcher attached: PUTs of a canteen's tables from several writers for a
/// fixed time, while one SignalR client watches the canteen. Reports acknowledged updates per second, HTTP
/// latency, and how long after an acknowledgement its version (or a newer one) reached the watcher.
/// </summary>
internal static class TableUpdates
{
    public static async Task<string> Run(Uri api, string canteenId, int writers, TimeSpan duration, BenchTokens? tokens)
    {
        using var http = new HttpClient { BaseAddress = api };
        if (tokens is not null) http.DefaultRequestHeaders.Authorization = new("Bearer", tokens.Admin());
        var canteen = await http.GetFromJsonAsync<JsonElement>($"/api/canteens/{canteenId}", OccupancyJson.Options);
        var tables = canteen.GetProperty("tables").EnumerateArray()
            .Select(t => (Id: t.GetProperty("id").GetString()!, Seats: t.GetProperty("seats").GetInt32()))
            .ToArray();

        var acknowledgedAt = new ConcurrentDictionary<long, long>();
        var pushLatency = new Latencies();
        long newestPushed = 0;
        var pushes = 0;
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(api, "/hubs/occupancy"))
            .AddJsonProtocol(o => OccupancyJson.Configure(o.PayloadSerializerOptions))
            .Build();
        hub.On<string, JsonElement>("changed", (topic, snapshot) =>
        {
            var now = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref pushes);
            var version = snapshot.GetProperty("version").GetInt64();
            var previous = Interlocked.Exchange(ref newestPushed, Math.Max(version, Interlocked.Read(ref newestPushed)));
            // Every acknowledged version up to this one is now visible to the watcher.
            foreach (var (v, at) in acknowledgedAt)
            {
                if (v <= version && acknowledgedAt.TryRemove(v, out _)) pushLatency.Add(Stopwatch.GetElapsedTime(at, now));
            }
        });
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("Watch", $"canteen:{canteenId}");

        var httpLatency = new Latencies();
        var failures = 0;
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async writer =>
        {
            var random = new Random(writer);
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var table = tables[random.Next(tables.Length)];
                var sent = Stopwatch.GetTimestamp();
                using var response = await http.PutAsJsonAsync($"/api/canteens/{canteenId}/tables/{table.Id}", new { occupied = random.Next(table.Seats + 1) });
                if (!response.IsSuccessStatusCode) { Interlocked.Increment(ref failures); continue; }
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                var acked = Stopwatch.GetTimestamp();
                httpLatency.Add(Stopwatch.GetElapsedTime(sent, acked));
                var version = body.GetProperty("version").GetInt64();
                if (version > Interlocked.Read(ref newestPushed)) acknowledgedAt[version] = acked;
            }
        }));
        var elapsed = Stopwatch.GetElapsedTime(started);

        // Let the last coalesced push arrive (bounded).
        var drainUntil = Stopwatch.GetTimestamp() + 5 * Stopwatch.Frequency;
        while (!acknowledgedAt.IsEmpty && Stopwatch.GetTimestamp() < drainUntil) await Task.Delay(20);

        return $"""
            ## Table updates with one watcher ({canteenId}, {writers} writers, {elapsed.TotalSeconds:F1} s)
            - acknowledged updates: {httpLatency.Count} ({httpLatency.Count / elapsed.TotalSeconds:F0}/s), failed: {failures}
            - HTTP latency: {httpLatency.Summary()}
            - pushes received: {pushes} (bursts are coalesced, at most one push per 100 ms per canteen)
            - acknowledgement → watcher saw that version or newer: {pushLatency.Summary()}
            - acknowledged versions never seen by the watcher: {acknowledgedAt.Count}
            """;
    }
}
