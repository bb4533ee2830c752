using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Occupancy.Api.Access;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Tests.Support;
using Occupancy.Testing;
using Orleans.TestingHost;

namespace Occupancy.Api.Tests.Outage;

/// <summary>
/// The whole system on a real store: Azurite keeping its data on disk (as deployed), reached by the silo
/// through a <see cref="StoreLink"/> the test can cut or stall, a silo on TCP with its state and reminders in
/// Azure Table storage (as the Silo host configures them), and an Api node in front of it. It can be restarted
/// whole: Api and silo stopped, Azurite stopped with SIGINT and started again on the same data, a new silo
/// with the same service id.
/// </summary>
internal sealed class OutageStack : IAsyncDisposable
{
    private const string StoreKey = "Storage:ConnectionString";

    private readonly string _serviceId = $"outage-{Guid.NewGuid():N}"[..20];
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"occupancy-outage-{Guid.NewGuid():N}");
    private TestCluster? _cluster;
    private WebApplicationFactory<Program>? _api;

    private OutageStack(AzuriteInstance azurite, StoreLink link) => (Azurite, Link) = (azurite, link);

    public AzuriteInstance Azurite { get; }

    public StoreLink Link { get; }

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("Not started.");

    /// <summary>An administrator: stages the world and reads it back.</summary>
    public HttpClient Admin { get; private set; } = null!;

    /// <summary>Nobody signed in: the public reads.</summary>
    public HttpClient Public { get; private set; } = null!;

    public static async Task<OutageStack> StartAsync()
    {
        var azurite = await AzuriteInstance.StartOnDiskAsync();
        var stack = new OutageStack(azurite, StoreLink.Open(azurite.Port));
        await stack.StartSystemAsync();
        return stack;
    }

    /// <summary>Stops the Api and the silo, restarts Azurite with SIGINT on its saved data, and starts them again.</summary>
    public async Task<TimeSpan> RestartEverythingAsync()
    {
        await StopSystemAsync();
        var stopped = await Azurite.StopAsync();
        await Azurite.StartAgainAsync();
        await StartSystemAsync();
        return stopped;
    }

    private async Task StartSystemAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Options.ServiceId = _serviceId;
        builder.Properties[StoreKey] = Link.Route(Azurite.ConnectionString);
        builder.AddSiloBuilderConfigurator<SiloOnStore>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();

        _api = ApiNode.On(_cluster, _dataDir);
        Public = _api.CreateClient();
        Admin = _api.CreateClient();
        var token = _api.Services.GetRequiredService<TokenIssuer>().Issue(Actor.Admin("outage-admin")).AccessToken;
        Admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
    }

    private async Task StopSystemAsync()
    {
        Admin?.Dispose();
        Public?.Dispose();
        if (_api is not null) await _api.DisposeAsync();
        if (_cluster is not null) await _cluster.DisposeAsync();
        _api = null;
        _cluster = null;
    }

    public async Task<JsonElement> Send(HttpMethod method, string path, object? body, int expectedStatus)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, options: ApiFixture.Json);
        return await ApiFixture.Read(await Admin.SendAsync(request), expectedStatus);
    }

    public async ValueTask DisposeAsync()
    {
        await StopSystemAsync();
        await Link.DisposeAsync();
        await Azurite.DisposeAsync();
        if (Directory.Exists(_dataDir)) Directory.Delete(_dataDir, recursive: true);
    }

    /// <summary>Grain state and reminders in Azure Table storage with the product's table clients, as Silo/Hosting sets them.</summary>
    private sealed class SiloOnStore : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var connectionString = silo.Configuration[StoreKey];
            silo.AddAzureTableGrainStorage(StorageNames.Occupancy, o =>
            {
                o.TableServiceClient = StorageClients.Tables(connectionString);
                o.DeleteStateOnClear = true;
            });
            silo.UseAzureTableReminderService(o => o.TableServiceClient = StorageClients.Tables(connectionString));
            silo.ConfigureServices(services => services.AddOccupancyDomain());
        }
    }
}
