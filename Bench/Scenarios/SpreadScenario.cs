using Occupancy.Bench.Harness;
using Occupancy.Bench.Peer;
using Occupancy.Bench.Spread;
using Occupancy.Grains.Sessions;

namespace Occupancy.Bench.Scenarios;

/// <summary>
/// Spread: many bookers at once over many sessions (1,000 by default, one hour apart), each booking a fresh member
/// into a session no other booker is likely writing at that moment, so nothing is refused and nothing waits on a
/// neighbour: how many durable bookings a second the system gives, against the store's own concurrent write rate
/// and the PostgreSQL peer (synchronous_commit on and off) on the same load.
/// Options: --spread-sessions (1000), --spread-bookings per repetition (1000: one per session), --spread-bookers (64),
/// --peer-port (5620), --postgres-port (5433), --spread-skip (a comma list of occupancy, floor, peer: variants not run, for a
/// quick look at one; targets need both of their sides).
/// </summary>
internal sealed class SpreadScenario : IScenario
{
    private const string Scenario = "spread";
    private const int FallbackStateBytes = 2048;

    public string Name => Scenario;

    public async Task Run(BenchContext context, BenchReport report)
    {
        var sessions = context.Option("spread-sessions", 1000);
        var perRepetition = context.Option("spread-bookings", 1000);
        var bookers = context.Option("spread-bookers", 64);
        var peerPort = context.Option("peer-port", 5620);
        report.Begin(Scenario, $"Spread: {bookers} concurrent bookers over {sessions} sessions, {perRepetition} bookings a repetition, a fresh member each");
        // Room for every repetition's bookings: each repetition books each session about perRepetition / sessions times.
        var capacity = Math.Min(SessionDefinition.MaxCapacity, (perRepetition * (context.Warmups + context.Repetitions) + sessions - 1) / sessions + 1);
        var load = new Load(sessions, perRepetition, bookers, capacity);

        var skip = context.Option("spread-skip", "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        var run = Guid.NewGuid().ToString("N")[..8];
        Measured? occupancy = null, floor = null;
        if (!skip.Contains("occupancy"))
        {
            occupancy = await MeasureBookingsAsync(context, load, context.Api, "Occupancy", $"spread-{run}");
            report.Add(occupancy);
        }

        var stateBytes = occupancy is null ? null : await SessionStateSize.MeasureAsync(context.Storage, $"spread-{run}-");
        if (!skip.Contains("floor"))
        {
            floor = await MeasureStoreWritesAsync(context, load, stateBytes ?? FallbackStateBytes);
            report.Add(floor);
        }

        var peers = new List<Measured>();
        foreach (var synchronousCommit in skip.Contains("peer") ? [] : new[] { true, false })
        {
            await using var peer = await PeerServer.StartAsync(context, synchronousCommit, peerPort);
            var measured = await MeasureBookingsAsync(context, load, peer.Address, peer.Variant, $"spread-{run}-{(synchronousCommit ? "on" : "off")}");
            report.Add(measured);
            peers.Add(measured);
        }

        if (occupancy is not null && floor is not null)
            AddTarget(report, "spread ≥ 0.8× raw concurrent store writes", occupancy, "bookings/s", floor, "writes/s", 0.8);
        if (occupancy is not null)
            foreach (var peer in peers) AddTarget(report, $"spread ≥ 1.0× the {peer.Variant}", occupancy, "bookings/s", peer, "bookings/s", 1.0);

        report.Note(Scenario, $"Floor: {bookers} concurrent writers upserting (replace) entities of {stateBytes ?? FallbackStateBytes} bytes " +
            (stateBytes is null ? "(a session state's size could not be read from the store; a default)" : "(the median stored state of this run's spread sessions)") +
            $", each on an entity no other writer has at that moment, into a fresh table of the same Azurite, as many writes as bookings.");
        report.Note(Scenario, "Durability differs: Azurite does not sync to disk (its writes are acknowledged without fsync), so a booking Occupancy " +
            "acknowledges is durable only as far as Azurite's files are; PostgreSQL with synchronous_commit on flushes the WAL (fsync, ext4) before a " +
            "commit returns; off, it acknowledges first and flushes within about 0.6 s (a crash may lose the last acknowledged bookings, never corrupt).");
        if (occupancy is not null) report.Note(Scenario, SpreadFindings.Profile);
        if (occupancy is not null && occupancy.Notes.Any(n => n.Contains("503", StringComparison.Ordinal)))
            report.Note(Scenario, SpreadFindings.Unavailable);
        report.Note(Scenario, "The peer (Bench.Peer): one transaction per booking (idempotency key, conditional UPDATE … WHERE booked < capacity " +
            "RETURNING, ordered waitlist, unique booking per member), Npgsql pooling and auto-prepared statements. It keeps none of Occupancy's member " +
            "rules (overlap, caps, eligibility, no-show blocks), live updates, outbox or statistics, and accepts bearer tokens without checking them; " +
            "its idempotency keys are global rather than per subject.");
    }

    /// <summary>How long a reading of the silo's store operations may wait for the writes after the answers to land.</summary>
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(20);

    private sealed record Load(int Sessions, int PerRepetition, int Bookers, int Capacity);

    private static async Task<Measured> MeasureBookingsAsync(BenchContext context, Load load, Uri target, string variant, string prefix)
    {
        using var http = SpreadLoad.Client(target, load.Bookers + 32);
        var ours = target == context.Api;
        var siloMetrics = new Uri(context.Option("silo-metrics", "http://127.0.0.1:9465/metrics"));
        var admin = context.Tokens?.Admin();
        var sessionIds = Enumerable.Range(0, load.Sessions).Select(i => $"{prefix}-{i:D4}").ToArray();
        context.Log($"{Scenario} / {variant}: defining {load.Sessions} sessions of {load.Capacity} seats");
        await SpreadLoad.DefineSessionsAsync(http, admin, sessionIds, load.Capacity);

        return await Repeat.Run(context, Scenario, variant, async repetition =>
        {
            var tag = repetition < 0 ? $"w{-repetition}" : $"r{repetition}";
            var members = Enumerable.Range(0, load.PerRepetition).Select(i => $"{prefix}-{tag}-{i:D5}").ToArray();
            await SpreadLoad.DefineMembersAsync(http, admin, members);
            var bookings = members.Select((member, i) => (sessionIds[i % sessionIds.Length], member)).ToArray();
            var tokens = members.Select(member => context.Tokens?.Resident(member)).ToArray();
            // Ours only: the silo's reads and writes behind the bookings (members were made above, so not counted).
            var storeBefore = ours ? await StoreOperations.SettledAsync(http, siloMetrics, SettleLimit) : null;
            var outcome = await SpreadLoad.BookAsync(http, bookings, tokens, load.Bookers);
            var storeAfter = storeBefore is null ? null : await StoreOperations.SettledAsync(http, siloMetrics, SettleLimit);
            var store = storeAfter is null ? null : storeAfter.Since(storeBefore!);
            var notes = new List<string>();
            if (store is not null) notes.Add(store.Describe(outcome.Sent, "booking"));
            if (outcome.Others.Count > 0)
                notes.Add($"{outcome.Created}/{outcome.Sent} created; other answers: {string.Join(", ", outcome.Others.Select(o => $"{o.Key} ×{o.Value}"))}");
            if (outcome.CreatedShare < 95) notes.Add($"only {outcome.CreatedShare:0.#} % answered 201 (at least 95 % asked)");
            return new Repetition(
                [
                    new Figure("bookings/s", outcome.BookingsPerSecond, "/s"),
                    new Figure("p50", outcome.Latency.Percentile(50), "ms"),
                    new Figure("p99", outcome.Latency.Percentile(99), "ms"),
                    new Figure("answered 201", outcome.CreatedShare, "%"),
                    .. store is null ? [] : new[]
                    {
                        new Figure("store writes per booking", store.TotalWrites / (double)outcome.Sent, "writes"),
                        new Figure("store reads per booking", store.TotalReads / (double)outcome.Sent, "reads"),
                    },
                ],
                notes);
        });
    }

    private static async Task<Measured> MeasureStoreWritesAsync(BenchContext context, Load load, int stateBytes)
    {
        await using var writes = await ConcurrentTableWrites.PrepareAsync(context.Storage, load.Sessions, stateBytes);
        return await Repeat.Run(context, Scenario, "floor: raw concurrent table writes", async _ =>
        {
            var (perSecond, latency) = await writes.RunAsync(load.PerRepetition, load.Bookers);
            return new Repetition(
                new Figure("writes/s", perSecond, "/s"),
                new Figure("p50", latency.Percentile(50), "ms"),
                new Figure("p99", latency.Percentile(99), "ms"));
        });
    }

    private static void AddTarget(BenchReport report, string name, Measured ours, string ourFigure, Measured reference, string referenceFigure, double limit)
    {
        var target = new Target(name, ours, ourFigure, reference, referenceFigure, limit);
        report.Add(Scenario, target.Met ? target : target with { Why = SpreadFindings.WhyMissed });
    }
}
