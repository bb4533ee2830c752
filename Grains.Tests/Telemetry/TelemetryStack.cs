using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Occupancy.Grains.Tests.Support;
using Occupancy.Testing;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Occupancy.Grains.Tests.Telemetry;

/// <summary>
/// The production programs as run.sh starts them (Silo.dll twice, Api.dll once) on a private Azurite, each with its
/// loopback management port, plus a cluster client for what only the cluster can be asked (deactivating grains).
/// </summary>
public sealed class TelemetryStack : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    private readonly string _clusterId = $"metrics-{Guid.NewGuid():N}"[..20];
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"occupancy-metrics-{Guid.NewGuid():N}");
    private readonly List<Node> _silos = [];
    private AzuriteInstance? _azurite;
    private Node? _api;
    private IHost? _client;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public Uri ApiUrl => _api!.Url;

    public Uri ApiManagementUrl => _api!.ManagementUrl;

    public IReadOnlyList<Node> Silos => _silos;

    public IGrainFactory Grains => _client!.Services.GetRequiredService<IClusterClient>();

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteInstance.StartAsync();
        Directory.CreateDirectory(_dataDir);
        // The first silo alone (it creates the tables and seeds the demo catalog), then the second.
        _silos.Add(await StartSiloAsync(1, seedDemo: true));
        _silos.Add(await StartSiloAsync(2, seedDemo: false));
        _api = await StartApiAsync();

        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => o.ClusterId = o.ServiceId = _clusterId);
            client.UseAzureStorageClustering(o => o.TableServiceClient = StorageClients.Tables(_azurite.ConnectionString));
        });
        _client = builder.Build();
        await _client.StartAsync();
    }

    /// <summary>A client signed in at <paramref name="path"/> (staff or resident sign-in), and the sign-in's answer.</summary>
    public async Task<(HttpClient Client, JsonElement Answer)> SignInAsync(string path, object body)
    {
        var answer = await Http.PostAsJsonAsync(new Uri(ApiUrl, path), body);
        Assert.True(answer.IsSuccessStatusCode, $"Sign-in at {path} answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();
        var token = json.GetProperty("accessToken").GetString();
        var client = new HttpClient { BaseAddress = ApiUrl, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return (client, json);
    }

    public async Task<string> ScrapeAsync(Uri managementUrl)
    {
        using var answer = await Http.GetAsync(new Uri(managementUrl, "/metrics"));
        Assert.True(answer.IsSuccessStatusCode, $"{managementUrl}metrics answered {(int)answer.StatusCode}");
        return await answer.Content.ReadAsStringAsync();
    }

    /// <summary>The scrapes of the silos still running, by silo number.</summary>
    public async Task<IReadOnlyDictionary<int, Scrape>> ScrapeSilosAsync()
    {
        var scrapes = new Dictionary<int, Scrape>();
        foreach (var silo in _silos.Where(s => !s.Process.HasExited)) scrapes[silo.Number] = new Scrape(await ScrapeAsync(silo.ManagementUrl));
        return scrapes;
    }

    public void Kill(Node silo)
    {
        silo.Process.Kill(entireProcessTree: true);
        silo.Process.WaitForExit();
    }

    private async Task<Node> StartSiloAsync(int number, bool seedDemo)
    {
        var (health, management) = (SiloDll.FreePort(), SiloDll.FreePort());
        var node = Start($"silo {number}", "Silo", new Dictionary<string, string?>
        {
            ["Silo__SiloPort"] = SiloDll.FreePort().ToString(),
            ["Silo__GatewayPort"] = SiloDll.FreePort().ToString(),
            ["Silo__HealthPort"] = health.ToString(),
            ["Catalog__SeedDemo"] = seedDemo ? "true" : "false",
            ["ASPNETCORE_URLS"] = null,
            ["urls"] = null,
        }, number, new Uri($"http://127.0.0.1:{health}"), management);
        await WaitHealthyAsync(node, "/health");
        return node;
    }

    private async Task<Node> StartApiAsync()
    {
        var (port, management) = (SiloDll.FreePort(), SiloDll.FreePort());
        var url = $"http://127.0.0.1:{port}";
        var node = Start("Api", "Api", new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = url,
            ["urls"] = url,
            ["Auth__DataDir"] = _dataDir,
            ["RateLimits__Enabled"] = "false",
        }, 0, new Uri(url), management);
        await WaitHealthyAsync(node, "/health/ready");
        return node;
    }

    private Node Start(string name, string project, Dictionary<string, string?> environment, int number, Uri url, int managementPort)
    {
        var root = AzuriteInstance.FindRepositoryRoot();
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<configuration>/net10.0
        var dir = Path.Combine(root, project);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dir,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(dir, "bin", configuration, "net10.0", $"{project}.dll"));
        start.Environment["Storage__ConnectionString"] = _azurite!.ConnectionString;
        start.Environment["Cluster__ClusterId"] = _clusterId;
        start.Environment["Cluster__ServiceId"] = _clusterId;
        start.Environment["Management__Port"] = managementPort.ToString();
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}.");
        var node = new Node(name, number, process, url, new Uri($"http://127.0.0.1:{managementPort}"));
        process.OutputDataReceived += (_, e) => node.Add(e.Data);
        process.ErrorDataReceived += (_, e) => node.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    private async Task WaitHealthyAsync(Node node, string path)
    {
        await Eventually.Until(async () =>
        {
            if (node.Process.HasExited) Assert.Fail($"{node.Name} exited during start-up:\n{node.Tail()}");
            try
            {
                return (await Http.GetAsync(new Uri(node.Url, path))).IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, $"{node.Name} answers {path}", StartTimeout);
    }

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            try
            {
                await _client.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            }
            catch (Exception)
            {
                // The cluster may be gone already; the processes are killed below either way.
            }
            _client.Dispose();
        }
        foreach (var node in _silos.Append(_api))
        {
            if (node is { Process.HasExited: false }) node.Process.Kill(entireProcessTree: true);
        }
        if (_azurite is not null) await _azurite.DisposeAsync();
        Http.Dispose();
        if (Directory.Exists(_dataDir)) Directory.Delete(_dataDir, recursive: true);
    }

    /// <summary>One process of the stack: where it serves, where its metrics are, and its last output.</summary>
    public sealed class Node(string name, int number, Process process, Uri url, Uri managementUrl)
    {
        private readonly ConcurrentQueue<string> _output = new();

        public string Name { get; } = name;

        public int Number { get; } = number;

        public Process Process { get; } = process;

        public Uri Url { get; } = url;

        public Uri ManagementUrl { get; } = managementUrl;

        public void Add(string? line)
        {
            if (line is null) return;
            _output.Enqueue(line);
            while (_output.Count > 200) _output.TryDequeue(out _);
        }

        public string Tail() => string.Join('\n', _output.TakeLast(40));
    }
}

[CollectionDefinition(Name)]
public sealed class TelemetryCollection : ICollectionFixture<TelemetryStack>
{
    public const string Name = "telemetry";
}
