using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Occupancy.Bench.Chaos;
using Occupancy.Grains;

namespace Occupancy.Bench.Upgrade;

/// <summary>
/// The rolling upgrade drill (scripts/upgrade-drill.sh): a system on build N (2 silos, 2 Api nodes, Azurite on disk)
/// under bookers that book and cancel with Idempotency-Keys (retrying 503s and timeouts with the same key) and screens
/// watching their sessions, rolled by scripts/upgrade.sh to build N+1, whose session state renames a stored field
/// and adds one and whose session grain interface is one version up. Then: every acknowledged booking stored once and
/// as told, no 5xx answer, every watcher's time to its session's current version after its node came back, and every
/// session read by build N+1 with the renamed field's value.
/// </summary>
internal static class UpgradeDrill
{
    public static async Task<(string Markdown, bool Passed)> RunAsync(UpgradeDrillSettings settings, Action<string> output)
    {
        var total = Stopwatch.StartNew();
        void say(string line) => output($"[{total.Elapsed.TotalSeconds,4:F0} s] {line}");
        Directory.CreateDirectory(settings.DataDir);
        await using var system = new RollingSystem(settings.RepoRoot, settings.From, settings.DataDir, settings.Silos, settings.Apis, say);
        say($"starting Azurite, {settings.Silos} silos and {settings.Apis} Api nodes of build N ({settings.From})");
        await system.StartAsync();
        var tokens = BenchTokens.FromDataDir(settings.DataDir) ?? throw new InvalidOperationException("The Api did not create its signing key.");
        var admin = tokens.Admin();
        var nodes = system.ApiUrls.Select(url => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4096, ConnectTimeout = TimeSpan.FromSeconds(5) })
            { BaseAddress = url, Timeout = Timeout.InfiniteTimeSpan }).ToArray();
        var chaos = new ChaosSettings
        {
            RepoRoot = settings.RepoRoot,
            Silos = settings.Silos,
            Apis = settings.Apis,
            Bookers = settings.Bookers,
            Sessions = settings.Sessions,
            ProbeSessions = 4,
            Think = settings.Think,
        };
        var clock = new Stopwatch();
        var load = new ChaosLoad(chaos, nodes, tokens, clock);
        say($"creating {chaos.Sessions + chaos.ProbeSessions} sessions and {chaos.Bookers} members");
        await load.SetUpAsync();

        var topics = load.AllSessions.ToArray();
        var watchers = Enumerable.Range(0, settings.Watchers)
            .Select(i => new DrillWatcher(system.ApiKeys[i % nodes.Length], nodes[i % nodes.Length].BaseAddress!, $"session:{topics[i % topics.Length]}"))
            .ToArray();
        await Parallel.ForEachAsync(watchers, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (w, _) => await w.StartAsync());
        say($"{watchers.Length} watchers on {topics.Length} sessions, {watchers.Length / nodes.Length} per Api node");

        clock.Start();
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token);
        await Task.Delay(settings.LoadBefore);

        // Build N's rows as they stand before the roll: build N+1 must read each session's time of change from them.
        var before = await UpdatedAtOfAllAsync(nodes[0], admin, load.AllSessions);

        say($"rolling to build N+1 ({settings.To}) with scripts/upgrade.sh");
        var measured = new ConcurrentBag<(NodeReturn Return, string Watchers, Latencies Times, List<TimeSpan> Raw, int Late)>();
        using var watching = new CancellationTokenSource();
        var measuring = MeasureReturnsAsync(system, watchers, nodes, admin, measured, watching.Token);
        var rollStarted = Stopwatch.GetTimestamp();
        var (exitCode, scriptOutput) = await RunUpgradeScriptAsync(settings, system.RunDir, say);
        var rollTime = Stopwatch.GetElapsedTime(rollStarted);
        say($"scripts/upgrade.sh exited {exitCode} after {rollTime.TotalSeconds:F1} s");

        await Task.Delay(settings.LoadAfter);
        await watching.CancelAsync();
        await measuring;
        await stop.CancelAsync();
        say("load stopped; waiting for requests in flight to be answered");
        await running;

        var ops = load.Ops.ToArray();
        var samples = load.Samples.ToArray();
        var ours = load.AllMembers.ToHashSet();
        IReadOnlyList<InvariantCheck> checks;
        StoredBookings stored;
        var settling = Stopwatch.StartNew();
        while (true)
        {
            stored = await StoredBookings.ReadAsync(nodes[0], admin, load.AllSessions, load.AllMembers);
            checks = ChaosChecks.Judge(ops, stored, ours);
            if (checks.All(c => c.Passed) || settling.Elapsed > TimeSpan.FromSeconds(120)) break;
            say($"not yet: {string.Join("; ", checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.Violations.Count}"))}");
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        var shapes = await ShapesAsync(nodes[0], admin, load.AllSessions, before);
        await Parallel.ForEachAsync(watchers, async (w, _) => await w.DisposeAsync());
        var events = system.Events.ToArray();
        await system.StopAsync();
        foreach (var node in nodes) node.Dispose();

        var acknowledged = ops.Where(o => o.IsBook && o.Acknowledged).ToArray();
        // The chaos run's checks, in its order: capacity, waitlist order, acknowledged present, no doubles, member side.
        var lost = checks[2].Violations.Count;
        var doubled = checks[3].Violations.Count;
        var fiveHundreds = samples.Where(s => s.Status >= 500).GroupBy(s => s.Status).ToDictionary(g => g.Key, g => g.Count());
        var apiTimes = new Latencies();
        var siloTimes = new Latencies();
        foreach (var m in measured)
        {
            foreach (var time in m.Raw) (m.Return.Key.StartsWith("api-", StringComparison.Ordinal) ? apiTimes : siloTimes).Add(time);
        }

        var passed = exitCode == 0 && checks.All(c => c.Passed) && lost == 0 && doubled == 0 && fiveHundreds.Count == 0 && shapes.Wrong == 0;
        var text = new StringBuilder();
        text.AppendLine($"## Rolling upgrade drill: {settings.Silos} silos, {settings.Apis} Api nodes, build N → N+1 — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores");
        text.AppendLine($"- load: {settings.Bookers} bookers on {settings.Sessions} sessions (+4 probe sessions booked every second), each request every {settings.Think.TotalSeconds:F0}–{2 * settings.Think.TotalSeconds:F0} s with its own Idempotency-Key, retried with it on 5xx, 429, timeouts and refused connections; {watchers.Length} watchers ({watchers.Length / nodes.Length} per Api node) on {topics.Length} sessions");
        text.AppendLine($"- roll (scripts/upgrade.sh, exit {exitCode}): {rollTime.TotalSeconds:F1} s for {system.SiloKeys.Count} silos and {system.ApiKeys.Count} Api nodes, one at a time");
        foreach (var line in scriptOutput.Where(l => l.TrimStart().StartsWith("silo-", StringComparison.Ordinal) || l.TrimStart().StartsWith("api-", StringComparison.Ordinal)))
            text.AppendLine($"  - {line.Trim()}");
        text.AppendLine($"- requests: {ops.Length} in {ops.Sum(o => o.Attempts)} attempts; attempts that failed for want of the system (5xx, timeout, no connection): {samples.Count(s => s.Failed)}");
        text.AppendLine($"- **5xx answers: {(fiveHundreds.Count == 0 ? "0" : string.Join(", ", fiveHundreds.Select(f => $"{f.Value} × {f.Key}")))}**");
        text.AppendLine($"- **bookings acknowledged: {acknowledged.Length} ({acknowledged.Count(o => o.Code == "confirmed")} confirmed, {acknowledged.Count(o => o.Code == "waitlisted")} waitlisted); lost: {lost}; doubled (a member twice in a session): {doubled}**; cancellations acknowledged: {ops.Count(o => !o.IsBook && o.Acknowledged)}; outcome unknown: {ops.Count(o => o.OutcomeUnknown)}");
        text.AppendLine($"- **watchers on their session's current version after their Api node returned: {apiTimes.Summary()}**");
        text.AppendLine($"- watchers (all) on the current version after a silo returned: {siloTimes.Summary()}");
        foreach (var m in measured.OrderBy(m => m.Return.ReadyAt))
            text.AppendLine($"  - {m.Return.Key} back {Stopwatch.GetElapsedTime(m.Return.ExitedAt, m.Return.ReadyAt).TotalSeconds:F1} s after it exited; {m.Watchers}: {m.Times.Summary()}; not current within 60 s: {m.Late}");
        text.AppendLine($"- stored shapes read by build N+1 (through the session interface's added method): {shapes.Summary}");
        text.AppendLine("- invariants, read through build N+1 after the roll:");
        foreach (var check in checks) text.AppendLine($"  - {check}");
        foreach (var e in events) text.AppendLine($"- event: {e}");
        text.AppendLine($"- **{(passed ? "the drill passed" : "THE DRILL FAILED")}**");
        return (text.ToString(), passed);
    }

    /// <summary>
    /// For every process the launcher brought back: the sessions' versions current when it answered ready, and for each
    /// watcher concerned (those of an Api node that returned; all of them after a silo) how long until it held that version.
    /// </summary>
    private static async Task MeasureReturnsAsync(RollingSystem system, DrillWatcher[] watchers, HttpClient[] nodes, string admin,
        ConcurrentBag<(NodeReturn, string, Latencies, List<TimeSpan>, int)> measured, CancellationToken stop)
    {
        var seen = 0;
        var pending = new List<Task>();
        while (!stop.IsCancellationRequested || system.Returns.Count > seen)
        {
            while (system.Returns.Count > seen)
            {
                var r = system.Returns.ElementAt(seen++);
                pending.Add(Task.Run(async () =>
                {
                    var concerned = r.Key.StartsWith("api-", StringComparison.Ordinal) ? watchers.Where(w => w.NodeKey == r.Key).ToArray() : watchers;
                    var reader = nodes[r.Key == "api-1" ? 1 % nodes.Length : 0];
                    var current = new Dictionary<string, long>();
                    foreach (var topic in concerned.Select(w => w.Topic).Distinct())
                        current[topic] = await VersionAsync(reader, admin, topic["session:".Length..]);
                    var limit = r.ReadyAt + 60 * Stopwatch.Frequency;
                    while (concerned.Any(w => w.FirstHolding(current[w.Topic]) is null) && Stopwatch.GetTimestamp() < limit) await Task.Delay(20);
                    var times = new Latencies();
                    var raw = new List<TimeSpan>();
                    foreach (var w in concerned)
                    {
                        if (w.FirstHolding(current[w.Topic]) is not { } at) continue;
                        var time = at > r.ReadyAt ? Stopwatch.GetElapsedTime(r.ReadyAt, at) : TimeSpan.Zero;
                        times.Add(time);
                        raw.Add(time);
                    }

                    var label = r.Key.StartsWith("api-", StringComparison.Ordinal) ? $"its {concerned.Length} watchers" : $"all {concerned.Length} watchers";
                    measured.Add((r, label, times, raw, concerned.Length - raw.Count));
                }));
            }

            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await Task.WhenAll(pending);
    }

    private static async Task<long> VersionAsync(HttpClient api, string admin, string sessionId)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{sessionId}");
                request.Headers.Authorization = new("Bearer", admin);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                using var response = await api.SendAsync(request, timeout.Token);
                response.EnsureSuccessStatusCode();
                return (await response.Content.ReadFromJsonAsync<JsonElement>(OccupancyJson.Options, timeout.Token)).GetProperty("version").GetInt64();
            }
            catch (Exception) when (attempt < 10)
            {
                await Task.Delay(200);
            }
        }
    }

    private static async Task<Dictionary<string, DateTimeOffset>> UpdatedAtOfAllAsync(HttpClient api, string admin, IEnumerable<string> sessions)
    {
        var result = new Dictionary<string, DateTimeOffset>();
        foreach (var id in sessions)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{id}");
            request.Headers.Authorization = new("Bearer", admin);
            using var response = await api.SendAsync(request);
            response.EnsureSuccessStatusCode();
            result[id] = (await response.Content.ReadFromJsonAsync<JsonElement>(OccupancyJson.Options)).GetProperty("updatedAt").GetDateTimeOffset();
        }

        return result;
    }

    /// <summary>
    /// Each session as build N+1 read it: the schema of the row it activated from, its time of change (never earlier
    /// than build N showed before the roll, never the empty default) and its added field (filled when it has bookings).
    /// </summary>
    private static async Task<(int Wrong, string Summary)> ShapesAsync(HttpClient api, string admin, IEnumerable<string> sessions,
        IReadOnlyDictionary<string, DateTimeOffset> before)
    {
        var schemas = new Dictionary<int, int>();
        var wrong = new List<string>();
        foreach (var id in sessions)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/upgrade-drill/sessions/{id}");
            request.Headers.Authorization = new("Bearer", admin);
            using var response = await api.SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                wrong.Add($"{id}: {(int)response.StatusCode} (is the Api node on build N+1?)");
                continue;
            }

            var shape = await response.Content.ReadFromJsonAsync<JsonElement>(OccupancyJson.Options);
            var schema = shape.GetProperty("schemaRead").GetInt32();
            schemas[schema] = schemas.GetValueOrDefault(schema) + 1;
            var updatedAt = shape.GetProperty("updatedAt").GetDateTimeOffset();
            if (updatedAt == default || updatedAt < before[id]) wrong.Add($"{id}: updatedAt {updatedAt:O}, build N showed {before[id]:O}");
            if (shape.TryGetProperty("firstBookedAt", out var first) && first.ValueKind == JsonValueKind.Null && shape.GetProperty("version").GetInt64() > 1)
                wrong.Add($"{id}: firstBookedAt missing");
        }

        var summary = $"activated from rows of schema {string.Join(", ", schemas.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}; " +
            $"renamed field kept and added field filled in all but {wrong.Count}{(wrong.Count == 0 ? "" : ": " + string.Join("; ", wrong.Take(5)))}";
        return (wrong.Count, summary);
    }

    private static async Task<(int ExitCode, IReadOnlyList<string> Output)> RunUpgradeScriptAsync(UpgradeDrillSettings settings, string runDir, Action<string> say)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(settings.RepoRoot, "scripts", "upgrade.sh"), "--release", settings.To, "--run-dir", runDir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = settings.RepoRoot,
        };
        var lines = new ConcurrentQueue<string>();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) { lines.Enqueue(line); say($"upgrade.sh: {line}"); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) { lines.Enqueue(line); say($"upgrade.sh: {line}"); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync();
        return (process.ExitCode, lines.ToArray());
    }
}

/// <summary>The shape of an upgrade drill; the defaults are scripts/upgrade-drill.sh's.</summary>
internal sealed record UpgradeDrillSettings
{
    public required string RepoRoot { get; init; }

    /// <summary>Build N's release folder (Silo/, Api/).</summary>
    public required string From { get; init; }

    /// <summary>Build N+1's release folder.</summary>
    public required string To { get; init; }

    public required string DataDir { get; init; }

    public int Silos { get; init; } = 2;

    public int Apis { get; init; } = 2;

    public int Bookers { get; init; } = 200;

    public int Sessions { get; init; } = 20;

    public int Watchers { get; init; } = 200;

    /// <summary>A booker waits between this and twice this before its next request.</summary>
    public TimeSpan Think { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan LoadBefore { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan LoadAfter { get; init; } = TimeSpan.FromSeconds(15);
}
