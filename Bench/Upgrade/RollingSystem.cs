using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Occupancy.Bench.Chaos;

namespace Occupancy.Bench.Upgrade;

/// <summary>
/// The upgrade drill's system: Azurite (data on disk), silos and Api nodes started from a release folder
/// (scripts/publish-release.sh), supervised as run.sh supervises its children and speaking the launcher side of
/// scripts/upgrade.sh: a pid file and a health file per process in the run folder, and a process that exits is started
/// again from the folder named in <c>run/release</c>. The script replaces the processes; this only restarts them.
/// </summary>
internal sealed class RollingSystem : IAsyncDisposable
{
    private readonly string _repoRoot;
    private readonly string _logDir;
    private readonly Action<string> _say;
    private readonly LocalSystem _local;
    private readonly int _silos;
    private readonly int _apis;
    private readonly ConcurrentDictionary<string, ChildProcess> _running = new();
    private readonly PosixSignalRegistration[] _signals;
    private readonly CancellationTokenSource _stop = new();
    private ChildProcess? _azurite;
    private Task? _supervising;

    public RollingSystem(string repoRoot, string release, string dataDir, int silos, int apis, Action<string> say)
    {
        _repoRoot = repoRoot;
        DataDir = dataDir;
        RunDir = Path.Combine(dataDir, "run");
        _logDir = Path.Combine(dataDir, "logs");
        Directory.CreateDirectory(RunDir);
        Directory.CreateDirectory(_logDir);
        File.WriteAllText(Path.Combine(RunDir, "release"), Path.GetFullPath(release) + "\n");
        _say = say;
        _local = new LocalSystem("drill", silos, apis);
        (_silos, _apis) = (silos, apis);
        AppDomain.CurrentDomain.ProcessExit += CrashAll;
        _signals = [PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => CrashAll(null, EventArgs.Empty)),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => CrashAll(null, EventArgs.Empty))];
    }

    public string DataDir { get; }

    /// <summary>The launcher's run folder that scripts/upgrade.sh is pointed at.</summary>
    public string RunDir { get; }

    public IReadOnlyList<string> SiloKeys => Enumerable.Range(1, _silos).Select(k => $"silo-{k}").ToArray();

    public IReadOnlyList<string> ApiKeys => Enumerable.Range(1, _apis).Select(k => $"api-{k}").ToArray();

    public IReadOnlyList<Uri> ApiUrls => _local.ApiUrls;

    /// <summary>Each restart of a process: which, when it exited, when it answered ready again (Stopwatch timestamps), from which build.</summary>
    public ConcurrentQueue<NodeReturn> Returns { get; } = new();

    public ConcurrentQueue<string> Events { get; } = new();

    private string Release => File.ReadAllText(Path.Combine(RunDir, "release")).Trim();

    public async Task StartAsync()
    {
        _azurite = _local.StartAzurite(_repoRoot, DataDir, _logDir);
        await _local.WaitForAzuriteAsync(_azurite);

        await Task.WhenAll(SiloKeys.Select(key => StartAndWaitAsync(key)));
        await StartAndWaitAsync(ApiKeys[0]);
        await Task.WhenAll(ApiKeys.Skip(1).Select(key => StartAndWaitAsync(key)));
        _supervising = SuperviseAsync(_stop.Token);
    }

    /// <summary>Starts again, from the release folder named now, every process that exited; notes when it is ready.</summary>
    private async Task SuperviseAsync(CancellationToken stop)
    {
        var restarting = new HashSet<string>();
        while (!stop.IsCancellationRequested)
        {
            foreach (var (key, process) in _running)
            {
                if (!process.HasExited) continue;
                lock (restarting)
                {
                    if (!restarting.Add(key)) continue;
                }

                var exited = Stopwatch.GetTimestamp();
                File.Delete(PidFile(key));
                Events.Enqueue($"{key} (pid {process.Id}) exited; starting it again from {Release}");
                _ = Task.Run(async () =>
                {
                    try
                    {
                        // run.sh waits RESTART_FIRST_DELAY (1 s) before a restart; so does this launcher.
                        await Task.Delay(TimeSpan.FromSeconds(1), stop);
                        var release = Release;
                        await StartAndWaitAsync(key);
                        Returns.Enqueue(new NodeReturn(key, exited, Stopwatch.GetTimestamp(), release));
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        Events.Enqueue($"{key} did not come back: {e.Message.Split('\n')[0]}");
                    }
                    finally
                    {
                        lock (restarting) restarting.Remove(key);
                    }
                }, CancellationToken.None);
            }

            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task StartAndWaitAsync(string key)
    {
        var release = Release;
        var (process, health) = key.StartsWith("silo-", StringComparison.Ordinal) ? StartSilo(key, release) : StartApi(key, release);
        _running[key] = process;
        File.WriteAllText(PidFile(key), $"{process.Id}\n");
        File.WriteAllText(Path.Combine(RunDir, $"{key}.health"), $"{health}\n");
        await LocalSystem.WaitHealthyAsync(process, health);
    }

    private (ChildProcess, Uri) StartSilo(string key, string release)
    {
        var (environment, health) = _local.Silo(int.Parse(key["silo-".Length..]) - 1);
        var process = ChildProcess.Start(key, Path.Combine(release, "Silo"), Path.Combine(_logDir, $"{key}.log"), environment,
            "dotnet", [Path.Combine(release, "Silo", "Silo.dll"), .. LocalSystem.LogLevels]);
        return (process, health);
    }

    private (ChildProcess, Uri) StartApi(string key, string release)
    {
        var (environment, health) = _local.Api(int.Parse(key["api-".Length..]) - 1, DataDir);
        var process = ChildProcess.Start(key, Path.Combine(release, "Api"), Path.Combine(_logDir, $"{key}.log"), environment,
            "dotnet", [Path.Combine(release, "Api", "Api.dll"), .. LocalSystem.LogLevels]);
        return (process, health);
    }

    private string PidFile(string key) => Path.Combine(RunDir, $"{key}.pid");

    /// <summary>Api nodes, then silos (SIGTERM), then Azurite (SIGINT, so it saves its data).</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_supervising is not null) await _supervising;
        await Task.WhenAll(ApiKeys.Select(k => _running.TryGetValue(k, out var p) ? p.TerminateAsync(TimeSpan.FromSeconds(20)) : Task.FromResult(true)));
        await Task.WhenAll(SiloKeys.Select(k => _running.TryGetValue(k, out var p) ? p.TerminateAsync(TimeSpan.FromSeconds(40)) : Task.FromResult(true)));
        if (_azurite is not null) await _azurite.InterruptAsync(TimeSpan.FromSeconds(15));
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        AppDomain.CurrentDomain.ProcessExit -= CrashAll;
        foreach (var signal in _signals) signal.Dispose();
        CrashAll(null, EventArgs.Empty);
        return ValueTask.CompletedTask;
    }

    private void CrashAll(object? sender, EventArgs e)
    {
        _stop.Cancel();
        foreach (var process in _running.Values.Append(_azurite)) process?.Crash();
    }
}

/// <summary>A process the launcher started again: when the old one exited and when the new one answered ready (Stopwatch timestamps).</summary>
internal sealed record NodeReturn(string Key, long ExitedAt, long ReadyAt, string Release);
