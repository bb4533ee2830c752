using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Occupancy.Api.Access;
using Occupancy.Grains;
using Occupancy.Grains.Access;
using Orleans.Dashboard;
using Orleans.TestingHost;

namespace Occupancy.Api.Tests.Support;

/// <summary>
/// A real Orleans cluster on TCP (in-memory grain storage) and the Api in a WebApplicationFactory that
/// reaches it through its gateway, as a deployed Api node would.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = OccupancyJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private TestCluster? _cluster;
    private WebApplicationFactory<Program>? _api;

    /// <summary>The suites the OpenAPI document is compared with, run once for this fixture (see Reference/).</summary>
    public Reference.SuiteRuns Runs { get; } = new();

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("Not started.");

    public WebApplicationFactory<Program> Api => _api ?? throw new InvalidOperationException("Not started.");

    /// <summary>An administrator's client: the functional tests exercise rules; access has its own tests.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>A client with no token.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>Where this fixture's Api nodes keep the embedded signing key (each run its own).</summary>
    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), $"occupancy-api-tests-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();

        _api = StartNode();
        // No cookie jar: what a client holds is its bearer header alone (the dashboard's cookie has tests of its own).
        Anonymous = _api.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        Http = ClientAs(Actor.Admin("test-admin"));
    }

    /// <summary>
    /// Renewal and heartbeat on the test nodes: far slower than any test's wait, so a test of pushes passes on pushes,
    /// never on a periodic re-send. The heartbeat itself is tested on a node with the defaults (<see cref="StartNode"/>).
    /// </summary>
    public static readonly TimeSpan SlowerThanAnyWait = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Another Api node of the same cluster, as a second server behind a load balancer would be. With
    /// <paramref name="defaultLiveTimings"/> it renews and re-sends at the shipped periods instead of <see cref="SlowerThanAnyWait"/>;
    /// <paramref name="settings"/> are set on it besides.
    /// </summary>
    public WebApplicationFactory<Program> StartNode(bool defaultLiveTimings = false, IReadOnlyDictionary<string, string>? settings = null)
    {
        return ApiNode.On(Cluster, DataDir, web =>
        {
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) web.UseSetting(key, value);
            if (!defaultLiveTimings)
            {
                web.UseSetting("Live:RenewEvery", SlowerThanAnyWait.ToString("c"));
                web.UseSetting("Live:HeartbeatEvery", SlowerThanAnyWait.ToString("c"));
            }
            web.ConfigureServices(s => s.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, Reference.OperationIdHeader>());
        });
    }

    public async Task DisposeAsync()
    {
        if (_api is not null) await _api.DisposeAsync();
        if (_cluster is not null) await _cluster.DisposeAsync();
        if (Directory.Exists(DataDir)) Directory.Delete(DataDir, recursive: true);
    }

    /// <summary>A token the Api accepts, minted with the embedded key exactly as sign-in would.</summary>
    public string TokenFor(Actor actor, TimeSpan? lifetime = null) =>
        Api.Services.GetRequiredService<TokenIssuer>().Issue(actor, lifetime: lifetime).AccessToken;

    /// <summary>A client that presents <paramref name="actor"/>'s token on every request.</summary>
    public HttpClient ClientAs(Actor actor, WebApplicationFactory<Program>? node = null)
    {
        var client = (node ?? Api).CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TokenFor(actor));
        return client;
    }

    /// <summary>A SignalR client on the test server's WebSocket transport, with the contract's JSON.</summary>
    public HubConnection Hub(WebApplicationFactory<Program>? node = null, Actor? actor = null) =>
        HubWithToken(actor is null ? null : TokenFor(actor), node);

    /// <summary>The embedded key the Api signs with, for tests that forge expired tokens.</summary>
    public Microsoft.IdentityModel.Tokens.SecurityKey SigningKey() => Api.Services.GetRequiredService<SigningKey>().Key;

    /// <summary>A hub client presenting exactly this bearer value (or none).</summary>
    public HubConnection HubWithToken(string? token, WebApplicationFactory<Program>? node = null)
    {
        var server = (node ?? Api).Server;
        return new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "/hubs/occupancy"), o =>
            {
                if (token is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.HttpMessageHandlerFactory = _ => server.CreateHandler();
                // A custom factory bypasses the client's own token handling: send it as browsers do, in access_token.
                o.WebSocketFactory = async (context, cancellation) =>
                {
                    var socket = server.CreateWebSocketClient();
                    var uri = token is null ? context.Uri : new UriBuilder(context.Uri)
                    {
                        Query = (context.Uri.Query.Length > 1 ? context.Uri.Query[1..] + "&" : "") + "access_token=" + Uri.EscapeDataString(token),
                    }.Uri;
                    return await socket.ConnectAsync(uri, cancellation);
                };
            })
            .AddJsonProtocol(o => OccupancyJson.Configure(o.PayloadSerializerOptions))
            .Build();
    }

    public async Task<JsonElement> PutJson(string path, object body, int expectedStatus)
    {
        var response = await Http.PutAsJsonAsync(path, body, Json);
        return await Read(response, expectedStatus);
    }

    public async Task<JsonElement> PostJson(string path, object? body, int expectedStatus)
    {
        var response = await Http.PostAsJsonAsync(path, body, Json);
        return await Read(response, expectedStatus);
    }

    public async Task<JsonElement> GetJson(string path, int expectedStatus = 200) => await Read(await Http.GetAsync(path), expectedStatus);

    public static async Task<JsonElement> Read(HttpResponseMessage response, int expectedStatus)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"Expected {expectedStatus}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage(StorageNames.Occupancy);
            silo.UseInMemoryReminderService();
            // The Orleans dashboard's grains, as the Silo host adds them: the Api serves the dashboard at /admin/cluster/.
            silo.AddDashboard();
            silo.ConfigureServices(services =>
            {
                services.AddOccupancyDomain();
                // Subscriptions outlive the test nodes' slow renewal, so a lapsed one never explains a lost push.
                services.Configure<Grains.Live.LiveFeedOptions>(o => o.SubscriptionLifetime = 3 * SlowerThanAnyWait);
            });
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "Api over a TCP test cluster";
}
