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
/// canteen of the catalog in turn), and nothing changing. Server memory per connection: the Api process's resident
/// memory once settled with the watchers, less before them, divided by their number. The floor is the bare SignalR
/// hub with as many idle connections of the same client.
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
        report.Note(Scenario, $"{topics.Length} topics (every site, facility and canteen, as the screens watch them), watcher i on topic i mod {topics.Length}. "
            + "Per connection = (VmRSS with the watchers − VmRSS before them) / watchers, each reading taken once two readings a second apart agree within 0.5 % (at most 30 s). "
            + "Repetitions after the first reuse memory the runtime kept from the one before, so they read lower than a first connection would; both variants alike.");
        report.Note(Scenario, "Same client for both: one .NET HubConnection per watcher (WebSockets, negotiation skipped) in the bench process; the floor runs with the server GC, as the Api does.");
    }

    private static async Task<Measured> Measure(BenchContext context, string variant, Uri server, int pid, IReadOnlyList<string> topics, int size) =>
        await Repeat.Run(context, Scenario, variant, async _ =>
        {
            var before = await ProcessMemory.Settled(pid, TimeSpan.FromSeconds(30));
            long after;
            await using (var crowd = await WatcherCrowd.Connect(server, topics, size, context.Log))
                after = await ProcessMemory.Settled(pid, TimeSpan.FromSeconds(30));
            var perConnection = (after - before) / 1024.0 / size;
            return new Repetition([new Figure("per connection", perConnection, "KB"),
                new Figure("before", before / 1048576.0, "MB"), new Figure("with watchers", after / 1048576.0, "MB")], []);
        });
}
