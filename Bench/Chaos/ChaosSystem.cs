using System.Runtime.InteropServices;

namespace Occupancy.Bench.Chaos;

/// <summary>
/// The whole system as separate processes on free loopback ports: Azurite (data on disk, so a full restart reads
/// from storage), silos on Azure Table clustering with the production silo configuration, and Api nodes. It
/// supervises its own processes rather than reuse run.sh, which stops everything when one child dies.
/// </summary>
internal sealed class ChaosSystem : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    private readonly string _repoRoot;
    private readonly string _configuration;
    private readonly string _logDir;
    private readonly Action<string> _say;
    private readonly string _clusterId = $"chaos-{Guid.NewGuid():N}"[..14];
    private readonly int _azuritePort;
    private readonly (int Silo, int Gateway, int Health)[] _siloPorts;
    private readonly int[] _apiPorts;
    private readonly ChildProcess?[] _silos;
    private readonly ChildProcess?[] _apis;
    private readonly List<string> _events = [];
    private readonly PosixSignalRegistration[] _signals;
    private ChildProcess? _azurite;

    public ChaosSystem(string repoRoot, string configuration, string dataDir, int silos, int apis, Action<string> say)
    {
        _repoRoot = repoRoot;
        _configuration = configuration;
        DataDir = dataDir;
        _logDir = Path.Combine(dataDir, "logs");
        Directory.CreateDirectory(_logDir);
        _say = say;
        var ports = Loopback.FreePorts(1 + 3 * silos + apis);
        _azuritePort = ports[0];
        _siloPorts = Enumerable.Range(0, silos).Select(k => (ports[1 + 3 * k], ports[2 + 3 * k], ports[3 + 3 * k])).ToArray();
        _apiPorts = ports[(1 + 3 * silos)..];
        _silos = new ChildProcess?[silos];
        _apis = new ChildProcess?[apis];
        // A host that exits without disposing (a crash, a test host's hang timeout, Ctrl-C, SIGTERM) must not leave
        // processes behind.
        AppDomain.CurrentDomain.ProcessExit += CrashAll;
        _signals = [PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => CrashAll(null, EventArgs.Empty)),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => CrashAll(null, EventArgs.Empty))];
    }

    public string DataDir { get; }

    public int SiloCount => _silos.Length;

    public IReadOnlyList<Uri> ApiUrls => _apiPorts.Select(p => new Uri($"http://127.0.0.1:{p}")).ToArray();

    public string StorageConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{_azuritePort}/devstoreaccount1;";

    /// <summary>What happened to the processes besides what the run asked for (a silo stopping on its own, say).</summary>
    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_events) return _events.ToArray();
        }
    }

    public async Task StartAllAsync()
    {
        await StartAzuriteAsync();
        // The silos together (creating the tables is idempotent), then the Api nodes, which need a gateway.
        await Task.WhenAll(Enumerable.Range(0, _silos.Length).Select(StartSiloAsync));
        // The first Api node creates the signing key every node then reads.
        await StartApiAsync(0);
        await Task.WhenAll(Enumerable.Range(1, _apis.Length - 1).Select(StartApiAsync));
    }

    /// <summary>Api nodes first (they are clients), then silos (they leave membership), storage last with SIGINT.</summary>
    public async Task StopAllAsync()
    {
        await Task.WhenAll(_apis.Select((p, k) => StopAsync(p, $"Api node {k + 1}", TimeSpan.FromSeconds(20))));
        await Task.WhenAll(_silos.Select((p, k) => StopAsync(p, $"silo {k + 1}", TimeSpan.FromSeconds(40))));
        if (_azurite is not null && !await _azurite.InterruptAsync(TimeSpan.FromSeconds(15)))
            Note("Azurite did not stop within 15 s of SIGINT and was killed");
        Array.Clear(_apis);
        Array.Clear(_silos);
        _azurite = null;
    }

    private async Task StopAsync(ChildProcess? process, string name, TimeSpan grace)
    {
        if (process is null) return;
        if (process.DiedUnasked) Note($"{name} had stopped on its own before the orderly stop");
        if (!await process.TerminateAsync(grace)) Note($"{name} did not stop within {grace.TotalSeconds:F0} s of SIGTERM and was killed");
    }

    public void CrashSilo(int k)
    {
        var silo = _silos[k] ?? throw new InvalidOperationException($"silo {k + 1} is not running");
        silo.Crash();
        _silos[k] = null;
    }

    /// <summary>Silos that died without being asked since the last call; noted as events.</summary>
    public IReadOnlyList<int> SilosDiedUnasked()
    {
        var dead = new List<int>();
        for (var k = 0; k < _silos.Length; k++)
        {
            if (_silos[k] is { DiedUnasked: true } silo)
            {
                Note($"silo {k + 1} stopped on its own (declared dead?): {LastLine(silo)}");
                _silos[k] = null;
                dead.Add(k);
            }
        }

        return dead;
    }

    public bool IsRunning(int silo) => _silos[silo] is { HasExited: false };

    private async Task StartAzuriteAsync()
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
            if (_azurite.HasExited) throw Failed(_azurite, "exited during start-up");
            if (DateTime.UtcNow > deadline) throw Failed(_azurite, "did not listen within 30 s");
            await Task.Delay(100);
        }
    }

    public async Task StartSiloAsync(int k)
    {
        var (silo, gateway, health) = _siloPorts[k];
        var process = ChildProcess.Start($"silo {k + 1}", Path.Combine(_repoRoot, "Silo"), Path.Combine(_logDir, $"silo-{k + 1}.log"),
            Common(new Dictionary<string, string?>
            {
                ["ASPNETCORE_URLS"] = null,
                ["urls"] = null,
                ["Silo__SiloPort"] = silo.ToString(),
                ["Silo__GatewayPort"] = gateway.ToString(),
                ["Silo__HealthPort"] = health.ToString(),
            }),
            "dotnet", [Binary("Silo"), .. LogLevels]);
        _silos[k] = process;
        await WaitHealthyAsync(process, new Uri($"http://127.0.0.1:{health}/health"));
    }

    private async Task StartApiAsync(int k)
    {
        var url = $"http://127.0.0.1:{_apiPorts[k]}";
        var process = ChildProcess.Start($"Api node {k + 1}", Path.Combine(_repoRoot, "Api"), Path.Combine(_logDir, $"api-{k + 1}.log"),
            Common(new Dictionary<string, string?>
            {
                ["ASPNETCORE_URLS"] = url,
                ["urls"] = url,
                ["Auth__DataDir"] = DataDir,
                // One machine makes all the load: lift the per-subject and per-address budgets, as the bench does.
                ["RateLimits__SubjectWrites"] = "1000000",
                ["RateLimits__SubjectReads"] = "1000000",
                ["RateLimits__AddressWrites"] = "1000000",
                ["RateLimits__AddressReads"] = "1000000",
            }),
            "dotnet", [Binary("Api"), .. LogLevels]);
        _apis[k] = process;
        await WaitHealthyAsync(process, new Uri($"{url}/health/ready"));
    }

    private Dictionary<string, string?> Common(Dictionary<string, string?> environment)
    {
        environment["Storage__ConnectionString"] = StorageConnectionString;
        environment["Cluster__ClusterId"] = _clusterId;
        environment["Cluster__ServiceId"] = _clusterId;
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // Times on every line, to read a kill's recovery from.
        environment["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ";
        environment["Logging__Console__UseUtcTimestamp"] = "true";
        return environment;
    }

    /// <summary>
    /// Log levels by category, given on the command line: a category has dots in its name, and /bin/sh drops
    /// environment variables whose names are not shell names.
    /// </summary>
    private static readonly string[] LogLevels =
    [
        // Under kills every storage retry would log a warning with its stack: hundreds of MB that cost the starved
        // machine more CPU than the load. Errors stay, and each 503 the Api answers (with its cause).
        "--Logging:LogLevel:Polly=Error",
        // Membership's own account of probes, votes and deaths.
        "--Logging:LogLevel:Orleans.Runtime.MembershipService=Information",
    ];

    private string Binary(string project)
    {
        var dll = Path.Combine(_repoRoot, project, "bin", _configuration, "net10.0", $"{project}.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is missing: build the solution first (-c {_configuration}).");
    }

    private static async Task WaitHealthyAsync(ChildProcess process, Uri url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (process.HasExited) throw Failed(process, "exited during start-up");
            try
            {
                using var response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline) throw Failed(process, $"did not answer {url} within {StartTimeout.TotalSeconds:F0} s");
            await Task.Delay(250);
        }
    }

    private static InvalidOperationException Failed(ChildProcess process, string what) =>
        new($"{process.Name} {what}. Last lines of {process.Log}:\n{process.Tail()}");

    private static string LastLine(ChildProcess process) => process.Tail(1).Trim();

    public void Note(string what)
    {
        lock (_events) _events.Add(what);
        _say(what);
    }

    public ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= CrashAll;
        foreach (var signal in _signals) signal.Dispose();
        CrashAll(null, EventArgs.Empty);
        return ValueTask.CompletedTask;
    }

    private void CrashAll(object? sender, EventArgs e)
    {
        foreach (var process in _apis.Concat(_silos).Append(_azurite))
        {
            process?.Crash();
        }
    }
}
