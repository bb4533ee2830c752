using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Occupancy.Bench.Watchers;
using Occupancy.Grains;

namespace Occupancy.Bench;

/// <summary>
/// An Api node restarted under its watchers: starts an extra Api node of the running system, attaches watchers to
/// it (screens watching the demo sites, facilities and canteens, with the screens' reconnect policy), stops the node
/// with SIGTERM, changes every watched topic through the first node while it is away, starts it again, and reports
/// the time from its <c>/health/ready</c> answering 200 until every watcher holds its topic's current version.
/// </summary>
internal static class Reconnects
{
    public static async Task<string> Run(Uri api, int watcherCount, int port, string apiDll, string storage, string dataDir, BenchTokens? tokens)
    {
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(1) };
        if (tokens is not null) http.DefaultRequestHeaders.Authorization = new("Bearer", tokens.Admin());
        var topics = await ScreenTopics.All(http);
        var node = new Uri($"http://127.0.0.1:{port}");
        using var probe = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromSeconds(2) };

        var started = Stopwatch.GetTimestamp();
        var process = StartNode(apiDll, node, storage, dataDir);
        try
        {
            await UntilReady(probe, process, TimeSpan.FromMinutes(2));
            var firstStart = Stopwatch.GetElapsedTime(started);

            var watchers = Enumerable.Range(0, watcherCount).Select(i => new ScreenWatcher(node, topics[i % topics.Length])).ToArray();
            await Parallel.ForEachAsync(watchers, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (w, _) => await w.Start());

            // A deliberate restart: SIGTERM, the node closes its connections and exits.
            var stopping = Stopwatch.GetTimestamp();
            Signal(process, "TERM");
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            var stopTime = Stopwatch.GetElapsedTime(stopping);
            var toldToReconnect = watchers.Count(w => w.Policy.ServerClosed);

            // Every topic moves on while the node is away: only a resync after the reconnect can bring the new version.
            await Change(http, topics);
            var current = new Dictionary<string, long>();
            foreach (var topic in topics) current[topic] = await VersionOf(http, topic);
            foreach (var w in watchers) w.Target = current[w.Topic];

            var restarting = Stopwatch.GetTimestamp();
            process = StartNode(apiDll, node, storage, dataDir);
            await UntilReady(probe, process, TimeSpan.FromMinutes(2));
            var ready = Stopwatch.GetTimestamp();
            var restartTime = Stopwatch.GetElapsedTime(restarting, ready);

            var limit = ready + 120 * Stopwatch.Frequency;
            while (watchers.Any(w => w.CurrentAt is null) && Stopwatch.GetTimestamp() < limit) await Task.Delay(10);
            var times = new Latencies();
            foreach (var w in watchers)
            {
                if (w.CurrentAt is { } at) times.Add(at > ready ? Stopwatch.GetElapsedTime(ready, at) : TimeSpan.Zero);
            }
            var stale = watchers.Count(w => w.CurrentAt is null);
            var attempts = watchers.Sum(w => w.Attempts);
            await Parallel.ForEachAsync(watchers, async (w, _) => await w.DisposeAsync());

            return $"""
                ## Api node restart under {watcherCount} watchers ({topics.Length} topics: sites, facilities, canteens)
                - extra node {node}: first start to ready {firstStart.TotalSeconds:F1} s; SIGTERM to exit {stopTime.TotalSeconds:F1} s; restart to ready {restartTime.TotalSeconds:F1} s
                - watchers told by the server to reconnect (close message): {toldToReconnect} of {watcherCount}; reconnect attempts in all: {attempts}
                - /health/ready 200 → watcher holds the topic's current version: {times.Summary()}
                - **every watcher current {times.Percentile(100) / 1000:F2} s after ready** (goal 5 s); watchers not current within 120 s: {stale}
                """;
        }
        finally
        {
            if (!process.HasExited)
            {
                Signal(process, "TERM");
                if (!process.WaitForExit(TimeSpan.FromSeconds(30))) process.Kill(entireProcessTree: true);
            }
        }
    }


    /// <summary>One table of every canteen taken, one person in at every facility (which moves every site too).</summary>
    private static async Task Change(HttpClient http, string[] topics)
    {
        foreach (var topic in topics)
        {
            var (kind, id) = (topic[..topic.IndexOf(':')], topic[(topic.IndexOf(':') + 1)..]);
            if (kind == "canteen")
            {
                var canteen = await http.GetFromJsonAsync<JsonElement>($"/api/canteens/{id}", OccupancyJson.Options);
                var table = canteen.GetProperty("tables").EnumerateArray().First();
                var seats = table.GetProperty("seats").GetInt32();
                var occupied = table.GetProperty("occupied").GetInt32();
                using var _ = await http.PutAsJsonAsync($"/api/canteens/{id}/tables/{table.GetProperty("id").GetString()}", new { occupied = occupied == seats ? 0 : occupied + 1 });
            }
            else if (kind == "facility")
            {
                using var _ = await http.PostAsJsonAsync($"/api/facilities/{id}/entries", new { count = 1 });
            }
        }
    }

    private static async Task<long> VersionOf(HttpClient http, string topic)
    {
        var (kind, id) = (topic[..topic.IndexOf(':')], topic[(topic.IndexOf(':') + 1)..]);
        var path = kind switch { "site" => $"/api/sites/{id}", "facility" => $"/api/facilities/{id}", _ => $"/api/canteens/{id}" };
        // A site's totals follow its places a moment later (coalesced): read until two reads agree.
        long last = -1;
        while (true)
        {
            var version = (await http.GetFromJsonAsync<JsonElement>(path, OccupancyJson.Options)).GetProperty("version").GetInt64();
            if (version == last) return version;
            last = version;
            await Task.Delay(kind == "site" ? 700 : 0);
        }
    }

    private static Process StartNode(string apiDll, Uri url, string storage, string dataDir)
    {
        var dll = Path.GetFullPath(apiDll);
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            // The content root is the Api project folder (appsettings.json, wwwroot), as run.sh starts it.
            WorkingDirectory = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(dll))))!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Storage__ConnectionString"] = storage;
        start.Environment["urls"] = url.ToString();
        start.Environment["ASPNETCORE_URLS"] = url.ToString();
        start.Environment["Auth__DataDir"] = dataDir;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task UntilReady(HttpClient probe, Process process, TimeSpan limit)
    {
        var until = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            if (process.HasExited) throw new InvalidOperationException($"the extra Api node exited with {process.ExitCode}");
            try
            {
                using var response = await probe.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(20);
        }
        throw new TimeoutException("the extra Api node did not become ready");
    }

    private static void Signal(Process process, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill?.WaitForExit();
    }

    /// <summary>A screen: one topic, watched again after every reconnect; remembers when it first held the target version.</summary>
    private sealed class ScreenWatcher : IAsyncDisposable
    {
        private readonly HubConnection _hub;
        private long _newest = -1;

        public ScreenWatcher(Uri node, string topic)
        {
            Topic = topic;
            _hub = ScreenConnection.Build(node, topic, Policy, Seen);
        }

        public ScreenRetryPolicy Policy { get; } = new();

        public string Topic { get; }

        public long Target { get; set; } = long.MaxValue;

        public long? CurrentAt { get; private set; }

        public int Attempts => Policy.Attempts;

        public async Task Start()
        {
            await _hub.StartAsync();
            Seen(await _hub.InvokeAsync<JsonElement>("Watch", Topic));
        }

        private void Seen(JsonElement snapshot)
        {
            var version = snapshot.GetProperty("version").GetInt64();
            if (version > Interlocked.Read(ref _newest)) Interlocked.Exchange(ref _newest, version);
            if (CurrentAt is null && version >= Target) CurrentAt = Stopwatch.GetTimestamp();
        }

        public ValueTask DisposeAsync() => _hub.DisposeAsync();
    }
}
