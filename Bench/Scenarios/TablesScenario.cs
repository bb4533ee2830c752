using System.Diagnostics;
using Occupancy.Bench.Harness;

namespace Occupancy.Bench.Scenarios;

/// <summary>
/// Table updates: closed-loop writers (more than the store takes) PUT tables of one canteen, then of 50 canteens,
/// while a display (a SignalR watcher through the Api's hub) watches each canteen: acknowledged updates/s, HTTP p99,
/// and ack → display p50/p99. Floors: the store's own sequential and concurrent write rates (conditional replaces
/// of an entity shaped like a stored canteen) on the same Azurite. Targets: one canteen ≥ 1.0× the raw sequential
/// write rate; ack → display p99 ≤ 250 ms.
/// </summary>
internal sealed class TablesScenario : IScenario
{
    private const string Scenario = "tables";

    public string Name => Scenario;

    public async Task Run(BenchContext context, BenchReport report)
    {
        var duration = TimeSpan.FromSeconds(context.Option("seconds", 10));
        var canteens = context.Option("canteens", 50);
        var writersOne = context.Option("writers", 64);
        var writersMany = context.Option("writers-many", 4 * canteens);
        var floorWriters = context.Option("floor-writers", canteens);
        report.Begin(Scenario, $"Table updates: one canteen and {canteens} canteens, writers offering more than the store takes");

        using var http = new HttpClient { BaseAddress = context.Api, Timeout = TimeSpan.FromSeconds(30) };
        if (context.Tokens is not null) http.DefaultRequestHeaders.Authorization = new("Bearer", context.Tokens.Admin());
        var one = await CanteenFleet.Create(http, "tables", 1);
        var many = await CanteenFleet.Create(http, "tables", canteens);
        await using var oneDisplay = await CanteenDisplays.Connect(context.Api, one.Canteens, 1);
        await using var manyDisplays = await CanteenDisplays.Connect(context.Api, many.Canteens, canteens);
        var raw = await RawTableWrites.Create(context.Storage, one.Canteens[0]);

        var sequential = await Repeat.Run(context, Scenario, "floor: raw sequential writes (1 writer)",
            async _ => new Repetition(new Figure("writes/s", await raw.Sequential(duration), "writes/s")));
        var concurrent = await Repeat.Run(context, Scenario, $"floor: raw concurrent writes ({floorWriters} writers)",
            async _ => new Repetition(new Figure("writes/s", await raw.Concurrent(floorWriters, duration), "writes/s")));
        await raw.DeleteAsync();
        if (raw.Failures > 0) report.Note(Scenario, $"The floors' writes that failed (not counted): {raw.Failures}.");
        var ours = await Repeat.Run(context, Scenario, $"Occupancy: one canteen, {writersOne} writers",
            _ => Drive(http, one, oneDisplay, writersOne, duration));
        var oursMany = await Repeat.Run(context, Scenario, $"Occupancy: {canteens} canteens, {writersMany} writers",
            _ => Drive(http, many, manyDisplays, writersMany, duration));

        foreach (var measured in new[] { sequential, concurrent, ours, oursMany }) report.Add(measured);
        var why = context.Option("tables-why", "");
        report.Add(Scenario, new Target("one canteen's acknowledged updates ≥ 1.0× raw sequential writes", ours, "updates/s", sequential, "writes/s", 1.0, why.Length > 0 ? why : null));
        var budget = TableLoad.Limit(Scenario, "ack→display p99", 250, "ms");
        report.Add(Scenario, new Target("one canteen: ack → display p99 ≤ 250 ms", ours, "ack→display p99", budget, "ack→display p99", 1.0));
        report.Add(Scenario, new Target($"{canteens} canteens: ack → display p99 ≤ 250 ms", oursMany, "ack→display p99", budget, "ack→display p99", 1.0));
        report.Note(Scenario, $"Writers are closed loops (each sends its next update when the last is answered), {duration.TotalSeconds:F0} s per repetition, spread evenly over the canteens; " +
            $"each update sets a random table (of {one.Tables}, {one.Seats} seats each) to a random count, PUT as admin. Canteens are created for the run through the Api, open all day.");
        report.Note(Scenario, "ack → display: per (update, display of its canteen), from the HTTP 200 until the display (a .NET SignalR client on the hub, WebSockets) first holds that version or a newer one; " +
            "a push that arrives before the ack counts 0; a version never shown counts stale until the end of a 10 s wait for stragglers. Pushes are coalesced (at most one per canteen per 100 ms, the Live:MinPushInterval).");
        report.Note(Scenario, $"Floors: conditional replaces (If-Match, as Orleans' table storage writes) of an entity copied from the stored state of a run canteen ({raw.PayloadBytes} bytes of properties), " +
            "to a fresh table on the system's Azurite, from the bench process; sequential: one entity, one write after another; concurrent: one entity per writer.");
    }

    /// <summary>One repetition: <paramref name="writers"/> closed loops for <paramref name="duration"/>, writer w on canteen w mod n.</summary>
    private static async Task<Repetition> Drive(HttpClient http, CanteenFleet fleet, CanteenDisplays displays, int writers, TimeSpan duration)
    {
        displays.Clear();
        var load = new TableLoad();
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
        {
            var random = new Random(Environment.TickCount ^ w);
            var canteen = fleet.Canteens[w % fleet.Canteens.Count];
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var sent = Stopwatch.GetTimestamp();
                var (status, version, answeredAt) = await fleet.Update(http, canteen, random);
                load.Add(new TableLoad.Sent(canteen, sent, status, version, answeredAt));
            }
        }));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var drainedAt = await load.DrainAsync(displays, TimeSpan.FromSeconds(10));
        var (freshness, notes) = load.Freshness(displays, drainedAt);
        var acknowledged = load.All.Count(s => s.Status == 200);
        return new Repetition(
        [
            new Figure("updates/s", acknowledged / elapsed, "updates/s"),
            new Figure("HTTP p99", load.Http().Percentile(99), "ms"),
            new Figure("ack→display p50", freshness.Percentile(50), "ms"),
            new Figure("ack→display p99", freshness.Percentile(99), "ms"),
        ], notes);
    }
}
