using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Occupancy.Bench.Chaos;

/// <summary>
/// Silo kills under load: starts the system, loads it, kills a silo with SIGKILL every <see cref="ChaosSettings.KillEvery"/>
/// (starting it again <see cref="ChaosSettings.RestartAfter"/> later), stops the load, restarts everything, and checks
/// the invariants from storage. Shared by scripts/chaos.sh (through the Bench) and the short test in Grains.Tests.
/// </summary>
public static class ChaosRun
{
    public static async Task<ChaosReport> RunAsync(ChaosSettings settings, Action<string> output)
    {
        var total = Stopwatch.StartNew();
        void say(string line) => output($"[{total.Elapsed.TotalSeconds,4:F0} s] {line}");
        var ownData = settings.DataDir is null;
        var dataDir = settings.DataDir ?? Directory.CreateTempSubdirectory("occupancy-chaos-").FullName;
        try
        {
            await using var system = new ChaosSystem(settings.RepoRoot, settings.Configuration, dataDir, settings.Silos, settings.Apis, say);
            say($"starting Azurite, {settings.Silos} silos and {settings.Apis} Api node(s) (logs: {Path.Combine(dataDir, "logs")})");
            await system.StartAllAsync();
            var tokens = BenchTokens.FromDataDir(dataDir) ?? throw new InvalidOperationException("The Api did not create its signing key.");
            var nodes = system.ApiUrls.Select(url => new HttpClient(new SocketsHttpHandler
            {
                MaxConnectionsPerServer = 4096,
                ConnectTimeout = TimeSpan.FromSeconds(5),
            }) { BaseAddress = url, Timeout = Timeout.InfiniteTimeSpan }).ToArray();
            var clock = new Stopwatch();
            var load = new ChaosLoad(settings, nodes, tokens, clock);
            say($"creating {settings.Sessions + settings.ProbeSessions} sessions and {settings.Bookers} members");
            await load.SetUpAsync();

            clock.Start();
            using var stop = new CancellationTokenSource();
            var running = load.RunAsync(stop.Token);
            var rounds = new List<(int Round, int Silo, TimeSpan KilledAt, TimeSpan? RestartedAt)>();
            for (var round = 0; round < settings.Kills; round++)
            {
                await WaitUntilAsync(system, clock, settings.FirstKillAfter + round * settings.KillEvery, say);
                var victim = Victim(system, round);
                system.CrashSilo(victim);
                var killedAt = clock.Elapsed;
                say($"{killedAt.TotalSeconds,6:F1} s  kill -9 silo {victim + 1} ({DateTime.UtcNow:HH:mm:ss.fff} UTC)");
                await WaitUntilAsync(system, clock, killedAt + settings.RestartAfter, say);
                var back = await RestartAsync(system, victim, say) ? clock.Elapsed : (TimeSpan?)null;
                rounds.Add((round + 1, victim, killedAt, back));
                say($"{clock.Elapsed.TotalSeconds,6:F1} s  silo {victim + 1} {(back is null ? "did not come back" : "is back")}");
            }

            var lastKill = rounds.Count > 0 ? rounds[^1].KilledAt : TimeSpan.Zero;
            await WaitUntilAsync(system, clock, lastKill + settings.LoadAfterLastKill, say);
            await stop.CancelAsync();
            say($"{clock.Elapsed.TotalSeconds,6:F1} s  load stopped; waiting for requests in flight to be answered");
            await running;
            var loadDuration = clock.Elapsed;
            var samples = load.Samples.ToArray();
            var kills = rounds.Select((r, i) => KillRound.Measure(r.Round, r.Silo, r.KilledAt, r.RestartedAt,
                i + 1 < rounds.Count ? rounds[i + 1].KilledAt : loadDuration, samples)).ToArray();
            foreach (var kill in kills) say(kill.ToString());

            say("full restart: Api nodes, silos, then Azurite (SIGINT), and all of them again");
            var restart = Stopwatch.StartNew();
            await system.StopAllAsync();
            await system.StartAllAsync();
            var ops = load.Ops.ToArray();
            var ours = load.AllMembers.ToHashSet();
            var admin = tokens.Admin();
            IReadOnlyList<InvariantCheck> checks;
            StoredBookings stored;
            while (true)
            {
                stored = await StoredBookings.ReadAsync(nodes[0], admin, load.AllSessions, load.AllMembers);
                checks = ChaosChecks.Judge(ops, stored, ours);
                if (checks.All(c => c.Passed) || restart.Elapsed > settings.SettleTimeout) break;
                say($"not yet: {string.Join("; ", checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.Violations.Count}"))}");
                await Task.Delay(TimeSpan.FromSeconds(3));
            }

            var report = new ChaosReport
            {
                Settings = settings,
                LoadDuration = loadDuration,
                Kills = kills,
                BeforeFirstKill = Baseline(samples, rounds.Count > 0 ? rounds[0].KilledAt : loadDuration),
                Checks = checks,
                Findings = [ChaosChecks.NoImpossibleRefusal(ops)],
                FullRestartToChecks = restart.Elapsed,
                Requests = ops.Length,
                BookingsConfirmed = ops.Count(o => o.IsBook && o.Acknowledged && o.Code == "confirmed"),
                BookingsWaitlisted = ops.Count(o => o.IsBook && o.Acknowledged && o.Code == "waitlisted"),
                CancellationsAcknowledged = ops.Count(o => !o.IsBook && o.Acknowledged),
                Refusals = ops.Where(o => o.Status >= 400).GroupBy(o => $"{(o.IsBook ? "book" : "cancel")} {o.Status} {o.Code}")
                    .ToDictionary(g => g.Key, g => g.Count()),
                OutcomeUnknown = ops.Count(o => o.OutcomeUnknown),
                StoredButUntold = ChaosChecks.UnknownButStored(ops, stored),
                Attempts = ops.Sum(o => o.Attempts),
                FailedAttempts = samples.Count(s => s.Failed),
                Events = system.Events,
            };
            await system.StopAllAsync();
            foreach (var node in nodes) node.Dispose();
            return report;
        }
        finally
        {
            if (ownData) TryDelete(dataDir);
        }
    }

    private static (int, int, int, int) Baseline(RequestSample[] samples, TimeSpan firstKill)
    {
        var before = samples.Where(s => s.Done < firstKill).ToArray();
        return (before.Count(s => s.Probe && s.Failed), before.Count(s => s.Probe), before.Count(s => !s.Probe && s.Failed), before.Count(s => !s.Probe));
    }

    /// <summary>Round-robin from the last silo, skipping any that is not running.</summary>
    private static int Victim(ChaosSystem system, int round)
    {
        for (var i = 0; i < system.SiloCount; i++)
        {
            var k = (system.SiloCount - 1 - round - i + 2 * system.SiloCount * (round + 1)) % system.SiloCount;
            if (system.IsRunning(k)) return k;
        }

        throw new InvalidOperationException("No silo is running.");
    }

    /// <summary>Waits until the clock reaches <paramref name="at"/>, starting again any silo that stopped on its own meanwhile.</summary>
    private static async Task WaitUntilAsync(ChaosSystem system, Stopwatch clock, TimeSpan at, Action<string> say)
    {
        while (clock.Elapsed < at)
        {
            foreach (var silo in system.SilosDiedUnasked())
            {
                say($"{clock.Elapsed.TotalSeconds,6:F1} s  silo {silo + 1} stopped on its own; starting it again");
                await RestartAsync(system, silo, say);
            }

            var left = at - clock.Elapsed;
            if (left > TimeSpan.Zero) await Task.Delay(left < TimeSpan.FromMilliseconds(500) ? left : TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>Starts a silo again; a start that fails under the load is reported as an event and the run goes on without that silo.</summary>
    private static async Task<bool> RestartAsync(ChaosSystem system, int silo, Action<string> say)
    {
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            try
            {
                await system.StartSiloAsync(silo);
                return true;
            }
            catch (InvalidOperationException e)
            {
                system.Note($"silo {silo + 1} did not start again (attempt {attempt} of 3): {e.Message.Split('\n')[0]}");
                system.CrashSilo(silo);
            }
        }

        return false;
    }

    /// <summary>The folder holding Occupancy.sln, walking up from <paramref name="start"/>.</summary>
    public static string FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Occupancy.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException($"Occupancy.sln was not found above {start}.");
    }

    /// <summary>The build configuration of the running assembly (bin/&lt;Configuration&gt;/net10.0).</summary>
    public static string ConfigurationOf(string baseDirectory) =>
        Regex.Match(baseDirectory.Replace('\\', '/'), "/bin/([^/]+)/net").Groups[1] is { Success: true } g ? g.Value : "Release";

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
