namespace Occupancy.Bench.Chaos;

/// <summary>
/// What the chaos run and the upgrade drill both start as local processes: free loopback ports for Azurite and each
/// silo and Api node, one cluster id, the store's connection string, Azurite itself, each process's settings, and the
/// wait for a process to answer its health URL.
/// </summary>
internal sealed class LocalSystem
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    /// <summary>
    /// Log levels by category, given on the command line: a category has dots in its name, and /bin/sh drops
    /// environment variables whose names are not shell names.
    /// </summary>
    public static readonly string[] LogLevels =
    [
        // Under kills every storage retry would log a warning with its stack: hundreds of MB that cost the starved
        // machine more CPU than the load. Errors stay, and each 503 the Api answers (with its cause).
        "--Logging:LogLevel:Polly=Error",
        // Membership's own account of probes, votes and deaths.
        "--Logging:LogLevel:Orleans.Runtime.MembershipService=Information",
    ];

    private readonly string _clusterId;
    private readonly int _azuritePort;
    private readonly (int Silo, int Gateway, int Health)[] _siloPorts;
    private readonly int[] _apiPorts;

    public LocalSystem(string clusterPrefix, int silos, int apis)
    {
        _clusterId = $"{clusterPrefix}-{Guid.NewGuid():N}"[..14];
        var ports = Loopback.FreePorts(1 + 3 * silos + apis);
        _azuritePort = ports[0];
        _siloPorts = Enumerable.Range(0, silos).Select(k => (ports[1 + 3 * k], ports[2 + 3 * k], ports[3 + 3 * k])).ToArray();
        _apiPorts = ports[(1 + 3 * silos)..];
    }

    public IReadOnlyList<Uri> ApiUrls => _apiPorts.Select(p => new Uri($"http://127.0.0.1:{p}")).ToArray();

    public string StorageConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{_azuritePort}/devstoreaccount1;";

    /// <summary>Starts Azurite with its data under <paramref name="dataDir"/>; <see cref="WaitForAzuriteAsync"/> waits for it.</summary>
    public ChildProcess StartAzurite(string repoRoot, string dataDir, string logDir)
    {
        var mainJs = Path.Combine(repoRoot, "node_modules", "azurite", "dist", "src", "table", "main.js");
        if (!File.Exists(mainJs)) throw new InvalidOperationException($"Azurite is not installed ({mainJs} is missing): run 'npm ci'.");
        var location = Path.Combine(dataDir, "azurite");
        Directory.CreateDirectory(location);
        return ChildProcess.Start("Azurite", repoRoot, Path.Combine(logDir, "azurite.log"), new Dictionary<string, string?>(), "node",
            mainJs, "--tableHost", "127.0.0.1", "--tablePort", _azuritePort.ToString(), "--location", location,
            "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--silent");
    }

    public async Task WaitForAzuriteAsync(ChildProcess azurite)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await Loopback.AcceptsAsync(_azuritePort))
        {
            if (azurite.HasExited) throw Failed(azurite, "exited during start-up");
            if (DateTime.UtcNow > deadline) throw Failed(azurite, "did not listen within 30 s");
            await Task.Delay(100);
        }
    }

    /// <summary>Silo <paramref name="k"/> (from 0): its settings and the URL it answers healthy on.</summary>
    public (Dictionary<string, string?> Environment, Uri Health) Silo(int k)
    {
        var (silo, gateway, health) = _siloPorts[k];
        return (Common(new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = null,
            ["urls"] = null,
            ["Silo__SiloPort"] = silo.ToString(),
            ["Silo__GatewayPort"] = gateway.ToString(),
            ["Silo__HealthPort"] = health.ToString(),
        }), new Uri($"http://127.0.0.1:{health}/health"));
    }

    /// <summary>Api node <paramref name="k"/> (from 0): its settings and the URL it answers ready on.</summary>
    public (Dictionary<string, string?> Environment, Uri Health) Api(int k, string dataDir)
    {
        var url = $"http://127.0.0.1:{_apiPorts[k]}";
        return (Common(new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = url,
            ["urls"] = url,
            ["Auth__DataDir"] = dataDir,
            // One machine makes all the load: lift the per-subject and per-address budgets, as the bench does.
            ["RateLimits__SubjectWrites"] = "1000000",
            ["RateLimits__SubjectReads"] = "1000000",
            ["RateLimits__AddressWrites"] = "1000000",
            ["RateLimits__AddressReads"] = "1000000",
        }), new Uri($"{url}/health/ready"));
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

    public static async Task WaitHealthyAsync(ChildProcess process, Uri url)
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

    public static InvalidOperationException Failed(ChildProcess process, string what) =>
        new($"{process.Name} {what}. Last lines of {process.Log}:\n{process.Tail()}");
}
