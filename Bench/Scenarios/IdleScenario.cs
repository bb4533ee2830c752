using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Occupancy.Bench.Floors;
using Occupancy.Bench.Harness;
using Occupancy.Bench.Watchers;
using Occupancy.Grains;

namespace Occupancy.Bench.Scenarios;

/// <summary>
/// Idle watchers: 10,000 connections on one Api node, each watching a screen's topic (every site, facility and
/// canteen of the catalog in turn), and nothing changing. Server memory per connection, read twice over after a full
/// collection induced in the server from outside (<see cref="ServerMemory"/>): resident memory and managed heap with
/// the watchers, less the same reading taken once before any watcher connected, divided by their number. The floor is
/// the bare SignalR hub with as many idle connections of the same client, read the same way.
/// </summary>
internal sealed class IdleScenario : IScenario
{
    private const string Scenario = "idle";

    public string Name => Scenario;

    public async Task Run(BenchContext context, BenchReport report)
    {
        var size = context.Option("idle-watchers", 10_000);
        var floorPort = context.Option("floor-port", 5600);
        report.Begin(Scenario, $"Idle watchers: server memory per connection, {size:N0} connections on one Api node");

        using var http = new HttpClient { BaseAddress = context.Api, Timeout = TimeSpan.FromSeconds(30) };
        if (context.Tokens is not null) http.DefaultRequestHeaders.Authorization = new("Bearer", context.Tokens.Admin());
        var topics = await ScreenTopics.All(http);
        var canteen = topics.First(t => t.StartsWith("canteen:", StringComparison.Ordinal));
        var snapshot = await http.GetStringAsync($"/api/canteens/{canteen["canteen:".Length..]}");
        var api = ProcessMemory.ListeningOn(context.Api.Port);

        var ours = await Measure(context, $"Occupancy, {size:N0} idle watchers", context.Api, api, topics, size);
        await using var floor = await FloorServer.StartAsync("bare-hub", floorPort, new Dictionary<string, string>
        {
            ["FLOOR_SNAPSHOT"] = snapshot,
            ["FLOOR_TOPIC"] = canteen,
            // The Api runs with the server GC (Web SDK default); so does the floor.
            ["DOTNET_gcServer"] = "1",
        });
        var bare = await Measure(context, $"floor: bare SignalR hub, {size:N0} idle watchers", floor.Address, floor.ProcessId, topics, size);

        report.Add(ours);
        report.Add(bare);
        report.Add(Scenario, new Target("memory per connection", ours, "per connection", bare, "per connection", 1.25));
        report.Add(Scenario, new Target("managed heap per connection", ours, "heap per connection", bare, "heap per connection", 1.25,
            "the same limit on the collected heap alone, the figure least disturbed by memory the runtime keeps after freeing it"));
        report.Note(Scenario, $"{topics.Length} topics (every site, facility and canteen, as the screens watch them), watcher i on topic i mod {topics.Length}. "
            + "Readings: one baseline per variant, before any of its watchers connected (its server idle, after startup and the topic look-ups), and one in each repetition "
            + "once all watchers are connected and have their first snapshot. Each reading starts with a full blocking collection "
            + "induced in the server from outside, as dotnet-gcdump induces one: an EventPipe session on its pid with the runtime provider's GC and GCHeapCollect (0x800000) keywords "
            + "(informational level), read until that blocking gen2 collection's GCHeapStats event, then stopped (a session that shows none within 30 s is retried, at most three). "
            + "Managed heap = what that collection left: the bytes that survived it in gen0–2 and the large object heap (TotalPromotedSize0–3 of its GCHeapStats event), "
            + "plus the pinned object heap's size after it (GenerationSize4: the runtime reports no survivors for that heap, which holds the pooled socket buffers); "
            + "resident = VmRSS after it, once two readings a second apart agree within 0.5 % (at most 30 s). "
            + "Per connection = (reading with the watchers − baseline) / watchers, for each of the two. "
            + "What the server kept from an earlier repetition (freed memory the runtime holds, socket buffer blocks the pool keeps after a burst) stays counted: "
            + "it is what holding this many watchers costs. Both variants alike.");
        report.Note(Scenario, "Same client for both: one .NET HubConnection per watcher (WebSockets, negotiation skipped, no token: anonymous watchers) in the bench process; the floor runs with the server GC, as the Api does.");
    }

    /// <summary>
    /// Each repetition is read against one baseline, taken once before any watcher of this variant connected: what the
    /// server holds with the watchers, above what it held without them, whatever the runtime and the socket buffer
    /// pool kept from an earlier repetition (a reading before each repetition would subtract that and read low).
    /// </summary>
    private static async Task<Measured> Measure(BenchContext context, string variant, Uri server, int pid, IReadOnlyList<string> topics, int size)
    {
        var baseline = await ServerMemory.Read(pid);
        return await Repeat.Run(context, Scenario, variant, async _ =>
        {
            ServerMemory with;
            await using (var crowd = await WatcherCrowd.Connect(server, topics, size, context.Log))
                with = await ServerMemory.Read(pid);
            return new Repetition([
                new Figure("per connection", (with.Resident - baseline.Resident) / 1024.0 / size, "KB"),
                new Figure("heap per connection", (with.ManagedHeap - baseline.ManagedHeap) / 1024.0 / size, "KB"),
                new Figure("baseline", baseline.Resident / 1048576.0, "MB"), new Figure("with watchers", with.Resident / 1048576.0, "MB"),
                new Figure("heap baseline", baseline.ManagedHeap / 1048576.0, "MB"), new Figure("heap with watchers", with.ManagedHeap / 1048576.0, "MB")], []);
        });
    }
}
