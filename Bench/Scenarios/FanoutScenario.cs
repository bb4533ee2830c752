using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Occupancy.Bench.Floors;
using Occupancy.Bench.Harness;
using Occupancy.Bench.Watchers;
using Occupancy.Grains;

namespace Occupancy.Bench.Scenarios;

/// <summary>
/// Fan-out: 1,000 and 5,000 watchers of one canteen on one Api node; a driver changes one table at a steady rate
/// (--interval-ms, 250) and every watcher notes when it first holds the acknowledged version: ack → received,
/// p50 and p99 over every (watcher, update). The floor is a bare SignalR hub sending the same snapshot JSON at the
/// same rate to as many connections of the same client, measured from the start of its send.
/// </summary>
internal sealed class FanoutScenario : IScenario
{
    private const string Scenario = "fanout";

    public string Name => Scenario;

    public async Task Run(BenchContext context, BenchReport report)
    {
        var sizes = context.Option("watchers", "1000,5000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var updates = context.Option("updates", 40);
        var interval = TimeSpan.FromMilliseconds(context.Option("interval-ms", 250));
        var floorPort = context.Option("floor-port", 5600);
        report.Begin(Scenario, $"Fan-out: ack → every watcher of one canteen on one Api node ({string.Join(" and ", sizes.Select(n => n.ToString("N0", CultureInfo.InvariantCulture)))} watchers)");

        using var http = new HttpClient { BaseAddress = context.Api, Timeout = TimeSpan.FromSeconds(30) };
        if (context.Tokens is not null) http.DefaultRequestHeaders.Authorization = new("Bearer", context.Tokens.Admin());
        var canteen = await WatchedCanteen.Find(http);
        var topic = $"canteen:{canteen.Id}";

        await using var floor = await FloorServer.StartAsync("bare-hub", floorPort, new Dictionary<string, string>
        {
            ["FLOOR_SNAPSHOT"] = canteen.SnapshotJson,
            ["FLOOR_TOPIC"] = topic,
            // The Api runs with the server GC (Web SDK default); so does the floor.
            ["DOTNET_gcServer"] = "1",
        });
        using var floorHttp = new HttpClient { BaseAddress = floor.Address, Timeout = TimeSpan.FromSeconds(30) };
        async Task<(long Version, long Start)> Broadcast()
        {
            using var response = await floorHttp.PostAsync("/broadcast", null);
            response.EnsureSuccessStatusCode();
            var sent = await response.Content.ReadFromJsonAsync<JsonElement>();
            return (sent.GetProperty("version").GetInt64(), sent.GetProperty("start").GetInt64());
        }

        foreach (var size in sizes)
        {
            // Both crowds stay connected and the repetitions alternate, so a busy moment of a shared machine falls on
            // both variants alike rather than on whichever ran second.
            await using var ourCrowd = await WatcherCrowd.Connect(context.Api, [topic], size, context.Log);
            await using var floorCrowd = await WatcherCrowd.Connect(floor.Address, [topic], size, context.Log);
            var ourVariant = $"Occupancy, {size:N0} watchers";
            var floorVariant = $"floor: bare SignalR hub, {size:N0} watchers";
            var ourReps = new List<IReadOnlyList<Figure>>();
            var floorReps = new List<IReadOnlyList<Figure>>();
            var ourNotes = new List<string>();
            var floorNotes = new List<string>();
            var ourCpu = new CpuUse(context.Processes);
            var floorCpu = new CpuUse(context.Processes);
            for (var r = 1 - context.Warmups; r <= context.Repetitions; r++)
            {
                if (r > 0) ourCpu.Resume();
                var ours = await Drive(ourCrowd, updates, interval, canteen.Update);
                ourCpu.Pause();
                if (r > 0) floorCpu.Resume();
                var bare = await Drive(floorCrowd, updates, interval, Broadcast);
                floorCpu.Pause();
                var label = r <= 0 ? "warm-up" : $"{r}/{context.Repetitions}";
                context.Log($"{Scenario} / {size:N0} watchers {label}: Occupancy {Describe(ours)} · floor {Describe(bare)}");
                if (r <= 0) continue;
                ourReps.Add(ours.Figures);
                floorReps.Add(bare.Figures);
                ourNotes.AddRange(ours.Notes.Select(n => $"repetition {r}: {n}"));
                floorNotes.AddRange(bare.Notes.Select(n => $"repetition {r}: {n}"));
            }

            ourNotes.Add(ourCpu.Describe());
            floorNotes.Add(floorCpu.Describe());
            var ourMeasured = new Measured(Scenario, ourVariant, ourReps, ourNotes);
            var floorMeasured = new Measured(Scenario, floorVariant, floorReps, floorNotes);
            report.Add(ourMeasured);
            report.Add(floorMeasured);
            report.Add(Scenario, new Target($"p99 at {size:N0} watchers", ourMeasured, "p99", floorMeasured, "p99", 1.2,
                "each update of the system is also a store write (Azurite) and a silo turn on the same two cores as the watchers' client; the floor only sends"));
        }

        report.Note(Scenario, $"One update every {interval.TotalMilliseconds:F0} ms, {updates} per repetition: a table of `{canteen.Id}` set to 0 and 1 in turn (PUT as admin). "
            + "Occupancy: from the driver receiving the 200 (the ack) until a watcher first holds that version or a newer one; a push that arrives before the ack counts 0. "
            + "Floor: `Bench floor bare-hub`, a SignalR hub in a process of its own with the same hub path, `Watch` and `changed(topic, snapshot)`, sending the canteen's own snapshot JSON with a rising version; from the start of its send (a monotonic timestamp the floor answers) until received.");
        report.Note(Scenario, "Same client for both: one .NET HubConnection per watcher (WebSockets, negotiation skipped), all in the bench process on the same machine.");
    }

    private static string Describe(Repetition repetition) => string.Join(", ", repetition.Figures.Select(f => $"{f.Name} {f.Value:0.#} {f.Unit}"));

    /// <summary>One repetition: <paramref name="updates"/> sends at the steady rate, then every (watcher, update) latency.</summary>
    private static async Task<Repetition> Drive(WatcherCrowd crowd, int updates, TimeSpan interval, Func<Task<(long Version, long Start)>> send)
    {
        crowd.Clear();
        var sent = new List<(long Version, long Start)>();
        using (var timer = new PeriodicTimer(interval))
        {
            for (var i = 0; i < updates; i++)
            {
                await timer.WaitForNextTickAsync();
                sent.Add(await send());
            }
        }

        // Every watcher should hold the last version; wait (bounded) for stragglers.
        var last = sent[^1].Version;
        var until = Stopwatch.GetTimestamp() + 30 * Stopwatch.Frequency;
        while (crowd.Watchers.Any(w => w.FirstHolding(last) is null) && Stopwatch.GetTimestamp() < until) await Task.Delay(50);

        var latencies = new Latencies();
        // Per update too: is the tail a few slow updates (a pause somewhere) or the last watchers of every update?
        var perUpdate = sent.Select(_ => new Latencies()).ToArray();
        int missed = 0, early = 0;
        foreach (var watcher in crowd.Watchers)
        {
            for (var u = 0; u < sent.Count; u++)
            {
                var (version, start) = sent[u];
                if (watcher.FirstHolding(version) is not { } at)
                {
                    missed++;
                    continue;
                }
                if (at < start) early++;
                var latency = at < start ? TimeSpan.Zero : Stopwatch.GetElapsedTime(start, at);
                latencies.Add(latency);
                perUpdate[u].Add(latency);
            }
        }
        var notes = new List<string>();
        if (missed > 0) notes.Add($"{missed} (watcher, update) pairs never received within 30 s");
        var repeats = crowd.Watchers.Sum(w => w.Repeats());
        if (repeats > 0) notes.Add($"{repeats} snapshots arrived again with a version already held ({(double)repeats / crowd.Watchers.Length:0.##} per watcher: heartbeat re-sends)");
        if (early > 0) notes.Add($"{early} of {latencies.Count} arrived before the ack (counted 0 ms)");
        var p99 = latencies.Percentile(99);
        var slow = perUpdate.Select((l, u) => (Update: u + 1, Median: l.Percentile(50), Last: l.Percentile(100))).OrderByDescending(x => x.Last).ToArray();
        notes.Add($"per update: {slow.Count(x => x.Median > p99)} of {sent.Count} had a median over the p99 ({p99:F0} ms), {slow.Count(x => x.Last > p99)} a last watcher over it; " +
                  "slowest (update: median / last watcher): " + string.Join(", ", slow.Take(3).Select(x => $"#{x.Update} {x.Median:F0} / {x.Last:F0} ms")));
        return new Repetition([new Figure("p50", latencies.Percentile(50), "ms"), new Figure("p99", latencies.Percentile(99), "ms"),
            new Figure("max", latencies.Percentile(100), "ms")], notes);
    }

    /// <summary>The demo catalog's first canteen and one of its tables, changed by the driver.</summary>
    private sealed record WatchedCanteen(HttpClient Http, string Id, string TableId, string SnapshotJson)
    {
        private int _flip;

        public static async Task<WatchedCanteen> Find(HttpClient http)
        {
            var sites = await http.GetFromJsonAsync<JsonElement>("/api/sites", OccupancyJson.Options);
            foreach (var site in sites.EnumerateArray())
            {
                var detail = await http.GetFromJsonAsync<JsonElement>($"/api/sites/{site.GetProperty("id").GetString()}", OccupancyJson.Options);
                foreach (var canteen in detail.GetProperty("canteens").EnumerateArray())
                {
                    var id = canteen.GetProperty("id").GetString()!;
                    var json = await http.GetStringAsync($"/api/canteens/{id}");
                    var table = JsonDocument.Parse(json).RootElement.GetProperty("tables").EnumerateArray().First().GetProperty("id").GetString()!;
                    return new WatchedCanteen(http, id, table, json);
                }
            }
            throw new InvalidOperationException("The catalog has no canteen to watch.");
        }

        /// <summary>Sets the table to 0 or 1 in turn (each a change); answers the acknowledged version and when the ack came.</summary>
        public async Task<(long Version, long Start)> Update()
        {
            using var response = await Http.PutAsJsonAsync($"/api/canteens/{Id}/tables/{TableId}", new { occupied = _flip++ % 2 });
            var acked = Stopwatch.GetTimestamp();
            response.EnsureSuccessStatusCode();
            var snapshot = await response.Content.ReadFromJsonAsync<JsonElement>();
            return (snapshot.GetProperty("version").GetInt64(), acked);
        }
    }
}
