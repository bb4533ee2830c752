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
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    private readonly string _repoRoot;
    private readonly string _logDir;
    private readonly Action<string> _say;
    private readonly string _clusterId = $"drill-{Guid.NewGuid():N}"[..14];
    private readonly int _azuritePort;
    private readonly (int Silo, int Gateway, int Health)[] _siloPorts;
    private readonly int[] _apiPorts;
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
        var ports = Loopback.FreePorts(1 + 3 * silos + apis);
        _azuritePort = ports[0];
        _siloPorts = Enumerable.Range(0, silos).Select(k => (ports[1 + 3 * k], ports[2 + 3 * k], ports[3 + 3 * k])).ToArray();
        _apiPorts = ports[(1 + 3 * silos)..];
        AppDomain.CurrentDomain.ProcessExit += CrashAll;
        _signals = [PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => CrashAll(null, EventArgs.Empty)),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => CrashAll(null, EventArgs.Empty))];
    }

    public string DataDir { get; }

    /// <summary>The launcher's run folder that scripts/upgrade.sh is pointed at.</summary>
    public string RunDir { get; }

    public IReadOnlyList<string> SiloKeys => Enumerable.Range(1, _siloPorts.Length).Select(k => $"silo-{k}").ToArray();

    public IReadOnlyList<string> ApiKeys => Enumerable.Range(1, _apiPorts.Length).Select(k => $"api-{k}").ToArray();

    public IReadOnlyList<Uri> ApiUrls => _apiPorts.Select(p => new Uri($"http://127.0.0.1:{p}")).ToArray();

    /// <summary>Each restart of a process: which, when it exited, when it answered ready again (Stopwatch timestamps), from which build.</summary>
    public ConcurrentQueue<NodeReturn> Returns { get; } = new();

    public ConcurrentQueue<string> Events { get; } = new();

    private string StorageConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{_azuritePort}/devstoreaccount1;";

    private string Release => File.ReadAllText(Path.Combine(RunDir, "release")).Trim();

    public async Task StartAsync()
    {
        var mainJs = Path.Combine(_repoRoot, "node_modules", "azurite", "dist", "src", "table", "main.js");
        if (!File.Exists(mainJs)) throw new InvalidOperationException($"Azurite is not installed ({mainJs} is missing): run 'npm ci'.");
        var location = Path.Combine(DataDir, "azurite");
        Directory.CreateDirectory(location);
        _azurite = ChildProcess.Start("Azurite", _repoRoot, Path.Combine(_logDir, "azurite.log"), new Dictionary<string, string?>(), "node",
            mainJs, "--tableHost", "127.0.0.1", "--tablePort", _azuritePort.ToString(), "--location", location,
            "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--silent");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await Loopback.AcceptsAsync(_azuritePort))
        {
            if (_azurite.HasExited || DateTime.UtcNow > deadline) throw new InvalidOperationException($"Azurite did not start:\n{_azurite.Tail()}");
            await Task.Delay(100);
        }

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
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"{key} exited during start-up:\n{process.Tail()}");
            try
            {
                using var response = await http.GetAsync(health);
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline) throw new InvalidOperationException($"{key} did not answer {health} within {StartTimeout.TotalSeconds:F0} s:\n{process.Tail()}");
            await Task.Delay(100);
        }
    }

    private (ChildProcess, Uri) StartSilo(string key, string release)
    {
        var (silo, gateway, health) = _siloPorts[int.Parse(key["silo-".Length..]) - 1];
        var process = ChildProcess.Start(key, Path.Combine(release, "Silo"), Path.Combine(_logDir, $"{key}.log"),
            Common(new Dictionary<string, string?>
            {
                ["ASPNETCORE_URLS"] = null,
                ["urls"] = null,
                ["Silo__SiloPort"] = silo.ToString(),
                ["Silo__GatewayPort"] = gateway.ToString(),
                ["Silo__HealthPort"] = health.ToString(),
            }),
            "dotnet", Path.Combine(release, "Silo", "Silo.dll"));
        return (process, new Uri($"http://127.0.0.1:{health}/health"));
    }

    private (ChildProcess, Uri) StartApi(string key, string release)
    {
        var url = $"http://127.0.0.1:{_apiPorts[int.Parse(key["api-".Length..]) - 1]}";
        var process = ChildProcess.Start(key, Path.Combine(release, "Api"), Path.Combine(_logDir, $"{key}.log"),
            Common(new Dictionary<string, string?>
            {
                ["ASPNETCORE_URLS"] = url,
                ["urls"] = url,
                ["Auth__DataDir"] = DataDir,
                // One machine makes all the load: lift the per-subject and per-address budgets, as the chaos run does.
                ["RateLimits__SubjectWrites"] = "1000000",
                ["RateLimits__SubjectReads"] = "1000000",
                ["RateLimits__AddressWrites"] = "1000000",
                ["RateLimits__AddressReads"] = "1000000",
            }),
            "dotnet", Path.Combine(release, "Api", "Api.dll"));
        return (process, new Uri($"{url}/health/ready"));
    }

    private Dictionary<string, string?> Common(Dictionary<string, string?> environment)
    {
        environment["Storage__ConnectionString"] = StorageConnectionString;
        environment["Cluster__ClusterId"] = _clusterId;
        environment["Cluster__ServiceId"] = _clusterId;
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["Logging__LogLevel__Polly"] = "Warning";
        return environment;
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
