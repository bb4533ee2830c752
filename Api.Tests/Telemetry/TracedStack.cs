using System.Diagnostics;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Occupancy.Api.Access;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Telemetry;
using Occupancy.Testing;
using OpenTelemetry.Trace;
using Orleans.TestingHost;

namespace Occupancy.Api.Tests.Telemetry;

/// <summary>
/// The system with its traces on, as deployed: a silo on TCP keeping its state in Azurite (the Azure SDK's spans are
/// real table requests) and an Api node in front of it, each with its own tracer provider, both exporting to one
/// in-memory list (the processes would export to one collector; spans are joined by trace id). The logs of both are
/// kept too, at the levels the hosts ship with.
/// </summary>
public sealed class TracedStack : IAsyncLifetime
{
    private const string StoreKey = "Storage:ConnectionString";

    /// <summary>What the silo and the Api export; a static, since Orleans builds the silo's configurator itself.</summary>
    internal static readonly ExportedSpans Spans = new();

    /// <summary>The silo's log lines (its configurator is built by Orleans too).</summary>
    internal static readonly LogCollector SiloLogs = new();

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"occupancy-traces-{Guid.NewGuid():N}");
    private AzuriteInstance? _azurite;
    private TestCluster? _cluster;
    private WebApplicationFactory<Program>? _api;

    public WebApplicationFactory<Program> Api => _api ?? throw new InvalidOperationException("Not started.");

    /// <summary>The store the silo keeps its state in.</summary>
    public string StoreConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Not started.");

    /// <summary>The Api node's log lines.</summary>
    internal LogCollector ApiLogs { get; } = new();

    /// <summary>An administrator.</summary>
    public HttpClient Admin { get; private set; } = null!;

    /// <summary>
    /// The Azure SDK reads its switch once, on its first operation in the process: other tests' stores may come first.
    /// </summary>
    [ModuleInitializer]
    internal static void EnableAzureActivities() => OccupancyTracing.EnableAzureActivities();

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteInstance.StartAsync();
        var builder = new TestClusterBuilder(1);
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Options.ServiceId = $"traces-{Guid.NewGuid():N}"[..20];
        builder.Properties[StoreKey] = _azurite.ConnectionString;
        builder.AddSiloBuilderConfigurator<TracedSiloOnStore>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();

        _api = ApiNode.On(_cluster, _dataDir, web =>
        {
            // No collector is named here: the in-memory exporter is the one, so tracing is asked for.
            web.UseSetting("Telemetry:Tracing:Enabled", "true");
            web.ConfigureServices(services =>
            {
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
                services.AddLogging(logging => logging.AddProvider(ApiLogs));
            });
        });
        Admin = _api.CreateClient();
        Admin.DefaultRequestHeaders.Authorization = new("Bearer", TokenFor(Actor.Admin("traces-admin")));
    }

    public string TokenFor(Actor actor) => Api.Services.GetRequiredService<TokenIssuer>().Issue(actor).AccessToken;

    /// <summary>A request sent in a trace of the test's own (its traceparent header), so the test knows which trace is its.</summary>
    public static HttpRequestMessage Traced(HttpMethod method, string path, object? body, out ActivityTraceId trace)
    {
        trace = ActivityTraceId.CreateRandom();
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, options: ApiFixture.Json);
        request.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        return request;
    }

    public async Task<JsonElement> Send(HttpClient client, HttpMethod method, string path, object? body, int expectedStatus)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, options: ApiFixture.Json);
        return await ApiFixture.Read(await client.SendAsync(request), expectedStatus);
    }

    public async Task DisposeAsync()
    {
        Admin?.Dispose();
        if (_api is not null) await _api.DisposeAsync();
        if (_cluster is not null) await _cluster.DisposeAsync();
        if (_azurite is not null) await _azurite.DisposeAsync();
        if (Directory.Exists(_dataDir)) Directory.Delete(_dataDir, recursive: true);
    }

    /// <summary>Grain state in Azure Table storage as the Silo host keeps it, with the silo's tracing and an in-memory exporter.</summary>
    private sealed class TracedSiloOnStore : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var connectionString = silo.Configuration[StoreKey];
            silo.AddAzureTableGrainStorage(StorageNames.Occupancy, o => o.TableServiceClient = StorageClients.Tables(connectionString));
            silo.UseAzureTableReminderService(o => o.TableServiceClient = StorageClients.Tables(connectionString));
            silo.ConfigureServices(services => services.AddOccupancyDomain());
            silo.AddOccupancyTracing(silo.Configuration, "test-silo");
            silo.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
            // The levels the Silo ships with (appsettings.json): Information, Orleans at Warning.
            silo.Services.AddLogging(logging => logging.AddProvider(SiloLogs).AddFilter<LogCollector>("Orleans", LogLevel.Warning).AddFilter<LogCollector>(null, LogLevel.Information));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TracedStackCollection : ICollectionFixture<TracedStack>
{
    public const string Name = "The system with its traces on";
}
