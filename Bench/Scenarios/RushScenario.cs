using System.Globalization;
using Occupancy.Bench.Floors;
using Occupancy.Bench.Harness;
using Occupancy.Bench.Peer;

namespace Occupancy.Bench.Scenarios;

/// <summary>
/// The rush: a popular class opens and everyone presses at once. <c>--bookers</c> (1,000) residents, each on a fresh
/// connection, book one durable session of <c>--capacity</c> (30) seats and a waitlist of <c>--waitlist</c> (20); a fresh
/// session and fresh members per repetition. Measured against the system, then the same load against a bare Kestrel
/// answering a fixed 409 (floor) and against the Api's own middleware in front of that fixed answer (floor); floors
/// listen on <c>--floor-port</c> and the next port (<c>--floors no</c> leaves them out).
/// </summary>
internal sealed class RushScenario : IScenario
{
    public const string Scenario = "rush";
    public const string System = "Occupancy";
    public const string BareKestrel = "floor: bare Kestrel, fixed 409";
    public const string ApiMiddleware = "floor: the Api's middleware, fixed 409";

    public string Name => Scenario;

    public async Task Run(BenchContext context, BenchReport report)
    {
        var size = new RushSize(context.Option("bookers", 1000), context.Option("capacity", 30), context.Option("waitlist", 20));
        var floorPort = context.Option("floor-port", 5600);
        report.Begin(Scenario, string.Create(CultureInfo.InvariantCulture,
            $"The rush: {size.Bookers:N0} bookers at once, each on a fresh connection, one {size.Capacity}-seat session with a waitlist of {size.Waitlist}"));

        var ours = await Measure(context, System, context.Api, size, expectFull: false);
        report.Add(ours);

        // --floors no: the system only (for profiling it).
        if (context.Option("floors", "yes") == "no") return;

        Measured bare;
        await using (var floor = await FloorServer.StartAsync("fixed-problem", floorPort))
            bare = await Measure(context, BareKestrel, floor.Address, size, expectFull: true);
        report.Add(bare);

        Measured middleware;
        var environment = new Dictionary<string, string> { ["DATA_DIR"] = Path.GetFullPath(context.DataDir) };
        await using (var floor = await FloorServer.StartAsync("api-middleware", floorPort + 1, environment))
            middleware = await Measure(context, ApiMiddleware, floor.Address, size, expectFull: true);
        report.Add(middleware);

        // The peer: what a user would otherwise build, on PostgreSQL, under the same load (Bench.Peer).
        var peers = new List<Measured>();
        foreach (var synchronousCommit in new[] { true, false })
        {
            await using var peer = await PeerServer.StartAsync(context, synchronousCommit, context.Option("peer-port", 5620));
            peers.Add(await Measure(context, peer.Variant, peer.Address, size, expectFull: false));
            report.Add(peers[^1]);
        }

        foreach (var peer in peers)
        {
            var versusPeer = new Target($"rush p99 ≤ 0.5× the {peer.Variant} p99", ours, "p99", peer, "p99", 0.5);
            report.Add(Scenario, versusPeer.Met ? versusPeer : versusPeer with
            {
                Why = "the peer's one transaction is one synchronous round trip per booking; ours waits on the member's hold and the session's write in turn",
            });
        }

        report.Note(Scenario, "the peer answers with the same bodies but has no member rules, no live updates and global idempotency keys; " +
            "Azurite does not sync to disk, PostgreSQL with synchronous_commit on does.");

        var target = new Target("rush p99 ≤ 1.5× bare Kestrel p99", ours, "p99", bare, "p99", 1.5);
        report.Add(Scenario, target.Met ? target : target with
        {
            Why = string.Create(CultureInfo.InvariantCulture,
                $"the Api's middleware alone is {middleware.Median("p99") / bare.Median("p99"):0.00}× the bare floor; the cluster and the store add the rest"),
        });
        report.Note(Scenario, string.Create(CultureInfo.InvariantCulture,
            $"beside it: rush p99 is {ours.Median("p99") / middleware.Median("p99"):0.00}× the middleware floor's p99 ({middleware.Median("p99"):0} ms), " +
            $"which is {middleware.Median("p99") / bare.Median("p99"):0.00}× the bare floor's ({bare.Median("p99"):0} ms)."));
        report.Note(Scenario, "each booker has an HttpClient with a SocketsHttpHandler of its own, made before the start and disposed after its answer: " +
            "every booking opens a new TCP connection inside its timed request. Latency is from the send to the whole answer read; " +
            "all answered is from the start signal to the last answer. Setup (the session, the members) is not timed.");
        report.Note(Scenario, "floors: the same load generator and requests (session PUT, member PUTs, keyed booking POSTs with bearer tokens). " +
            "Bare Kestrel: one terminal middleware answering every booking POST with the Api's 409 full problem body and 200 to the rest. " +
            "Middleware: the Api's own registration (ApiServices.AddOccupancyRequestHandling: JWT bearer with the system's signing key " +
            "from DATA_DIR, authorization policies, problem details, rate limiter with the bench's RateLimits overrides, CORS) and its " +
            "middleware in Program.cs's order, body and header binding and the route-id filter, then the same fixed answer.");
    }

    private static Task<Measured> Measure(BenchContext context, string variant, Uri address, RushSize size, bool expectFull) =>
        Repeat.Run(context, Scenario, variant, async rep =>
        {
            var run = $"{Guid.NewGuid():N}"[..8] + (rep < 0 ? "w" : "");
            var outcome = await RushLoad.RunAsync(address, size, context.Tokens, run);
            var check = expectFull
                ? outcome.AllFull ? $"all {size.Bookers} answered 409 full" : $"**not all full**: {outcome.Answers()}"
                : outcome.Correct
                    ? $"correct ({size.Capacity}/{size.ExpectedWaitlisted}/{size.ExpectedFull}): {outcome.Answers()}"
                    : $"**NOT CORRECT** (expected {size.Capacity}/{size.ExpectedWaitlisted}/{size.ExpectedFull}): {outcome.Answers()}";
            return new Repetition(
                [
                    new Figure("p50", outcome.Latency.Percentile(50), "ms"),
                    new Figure("p99", outcome.Latency.Percentile(99), "ms"),
                    new Figure("max", outcome.Latency.Percentile(100), "ms"),
                    new Figure("all answered", outcome.AllAnswered.TotalSeconds, "s"),
                    new Figure("first answered 503", outcome.RetriedUnknown, "bookers"),
                ],
                [check]);
        });
}
