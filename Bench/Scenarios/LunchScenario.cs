using System.Diagnostics;
using Occupancy.Bench.Harness;

namespace Occupancy.Bench.Scenarios;

/// <summary>
/// Lunch: table updates offered at a constant rate (open loop: sent on schedule whether or not earlier ones were
/// answered; --rate, 2,000/s) over 50 canteens while 500 displays (SignalR watchers through the Api's hub, spread
/// round-robin over the canteens) watch. Achieved rate vs offered, and display freshness p99: per (update, display
/// of its canteen), from the ack until the display holds that version, or from the send when never acknowledged.
/// Target: ≥ 95 % of the offered rate, freshness p99 ≤ 250 ms.
/// </summary>
internal sealed class LunchScenario : IScenario
{
    private const string Scenario = "lunch";

    public string Name => Scenario;

    public async Task Run(BenchContext context, BenchReport report)
    {
        var rate = context.Option("rate", 2000);
        var seconds = context.Option("seconds", 10);
        var canteens = context.Option("canteens", 50);
        var displayCount = context.Option("displays", 500);
        var connections = context.Option("connections", 256);
        report.Begin(Scenario, $"Lunch: {rate:N0} table updates/s offered over {canteens} canteens, {displayCount} displays watching");

        using var admin = new HttpClient { BaseAddress = context.Api, Timeout = TimeSpan.FromSeconds(30) };
        if (context.Tokens is not null) admin.DefaultRequestHeaders.Authorization = new("Bearer", context.Tokens.Admin());
        var fleet = await CanteenFleet.Create(admin, "lunch", canteens);
        await using var displays = await CanteenDisplays.Connect(context.Api, fleet.Canteens, displayCount);
        // Updates wait at most 10 s for their answer: one not answered by then counts as not achieved.
        // A pool of connections, as devices behind a proxy would use: a request waits for a free one, and its time counts from when it was due.
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2) })
        {
            BaseAddress = context.Api,
            Timeout = TimeSpan.FromSeconds(10),
        };
        http.DefaultRequestHeaders.Authorization = admin.DefaultRequestHeaders.Authorization;

        var ours = await Repeat.Run(context, Scenario, $"Occupancy: {rate:N0}/s offered, {canteens} canteens, {displayCount} displays",
            _ => Offer(http, fleet, displays, rate, TimeSpan.FromSeconds(seconds)));
        report.Add(ours);
        var why = context.Option("lunch-why", "");
        report.Add(Scenario, new Target("achieved ≥ 95 % of the offered rate", ours, "achieved", TableLoad.Limit(Scenario, "achieved", 100, "%"), "achieved", 0.95, why.Length > 0 ? why : null));
        report.Add(Scenario, new Target("display freshness p99 ≤ 250 ms", ours, "freshness p99", TableLoad.Limit(Scenario, "freshness p99", 250, "ms"), "freshness p99", 1.0, why.Length > 0 ? why : null));
        report.Note(Scenario, $"Open loop: update k is sent at start + k/rate whatever came of the earlier ones, {seconds} s per repetition, canteen k mod {canteens}, a random table (of {fleet.Tables}, {fleet.Seats} seats) " +
            $"set to a random count, PUT as admin over at most {connections} connections (--connections); HTTP timeout 10 s; times count from when an update was due. Achieved: updates answered 200 / updates offered. Canteens are created for the run through the Api, open all day.");
        report.Note(Scenario, "Freshness: per (update, display of its canteen), from the HTTP 200 until the display first holds that version or a newer one (0 if before the ack); " +
            "an update not answered 200 counts stale from its send, and a version never shown stale from its ack, until the end of a 10 s wait for stragglers. " +
            "Displays are .NET SignalR clients (WebSockets) in the bench process; pushes are coalesced to at most one per canteen per 100 ms.");
    }

    private static async Task<Repetition> Offer(HttpClient http, CanteenFleet fleet, CanteenDisplays displays, int rate, TimeSpan duration)
    {
        displays.Clear();
        var load = new TableLoad();
        var total = (long)(rate * duration.TotalSeconds);
        var inFlight = new List<Task>((int)total);
        var started = Stopwatch.GetTimestamp();
        long issued = 0;
        while (issued < total)
        {
            var due = Math.Min(total, (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * rate) + 1);
            for (; issued < due; issued++)
            {
                var canteen = fleet.Canteens[(int)(issued % fleet.Canteens.Count)];
                inFlight.Add(Send(http, fleet, canteen, load, started + (long)(issued * (double)Stopwatch.Frequency / rate)));
            }
            await Task.Delay(1);
        }
        var offeredFor = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await Task.WhenAll(inFlight);
        var drainedAt = await load.DrainAsync(displays, TimeSpan.FromSeconds(10));
        var (freshness, notes) = load.Freshness(displays, drainedAt);
        var acknowledged = load.All.Count(s => s.Status == 200);
        notes.Insert(0, $"offered {total} updates in {offeredFor:F1} s ({total / offeredFor:F0}/s), {acknowledged} answered 200");
        return new Repetition(
        [
            new Figure("offered", total / offeredFor, "updates/s"),
            new Figure("achieved rate", acknowledged / offeredFor, "updates/s"),
            new Figure("achieved", 100.0 * acknowledged / total, "%"),
            new Figure("HTTP p99", load.Http().Percentile(99), "ms"),
            new Figure("freshness p50", freshness.Percentile(50), "ms"),
            new Figure("freshness p99", freshness.Percentile(99), "ms"),
        ], notes);
    }

    /// <param name="due">When the update was due: its times count from then, however late the client sent it.</param>
    private static async Task Send(HttpClient http, CanteenFleet fleet, string canteen, TableLoad load, long due)
    {
        // Off the scheduling loop at once: the send itself must not delay the next one.
        await Task.Yield();
        var (status, version, answeredAt) = await fleet.Update(http, canteen, Random.Shared);
        load.Add(new TableLoad.Sent(canteen, due, status, version, answeredAt));
    }
}
