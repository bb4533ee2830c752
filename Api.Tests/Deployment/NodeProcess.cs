extern alias silo;

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Occupancy.Api.Apis;
using Occupancy.Api.Hosting;
using Occupancy.Api.Telemetry;
using silo::Occupancy.Silo.Hosting;
using silo::Occupancy.Silo.Telemetry;
using Occupancy.Testing;
using Orleans.Configuration;

namespace Occupancy.Api.Tests.Deployment;

/// <summary>
/// A silo or an Api node as its Program.cs builds it (never started), under the environment a deployment gives the
/// process: where it would listen, which cluster it would join, how long it would take to stop, which routes it maps,
/// and which configuration keys its code read. What a manifest or a unit claims is checked against this.
/// </summary>
internal sealed class NodeProcess
{
    private readonly RecordingConfiguration _settings;

    private NodeProcess(NodeKind kind, RecordingConfiguration settings, IReadOnlyList<string> urls, IReadOnlyList<MappedRoute> routes,
        ClusterOptions cluster, TimeSpan shutdownTimeout, EndpointOptions? endpoints, IConfiguration configuration, IReadOnlyList<Type> configuredOptions)
    {
        ConfiguredOptions = configuredOptions;
        Kind = kind;
        _settings = settings;
        Urls = urls;
        Routes = routes;
        Cluster = cluster;
        ShutdownTimeout = shutdownTimeout;
        Endpoints = endpoints;
        Configuration = configuration;
    }

    public NodeKind Kind { get; }

    /// <summary>The server URLs the web host binds (health or public port, and the management port).</summary>
    public IReadOnlyList<string> Urls { get; }

    public IReadOnlyList<MappedRoute> Routes { get; }

    public ClusterOptions Cluster { get; }

    /// <summary>How long the host gives its graceful stop (HostOptions.ShutdownTimeout).</summary>
    public TimeSpan ShutdownTimeout { get; }

    /// <summary>The silo's Orleans endpoints (silo only).</summary>
    public EndpointOptions? Endpoints { get; }

    public IConfiguration Configuration { get; }

    /// <summary>The options types (ours and Orleans') the process configures: which features it switched on.</summary>
    public IReadOnlyList<Type> ConfiguredOptions { get; }

    /// <summary>Every TCP port the process listens on.</summary>
    public IReadOnlySet<int> Ports =>
        Urls.Select(UrlPort).Concat(Endpoints is { } e ? [e.SiloPort, e.GatewayPort] : []).ToHashSet();

    /// <summary>Whether the code asked for this configuration key (e.g. "Silo:HealthPort").</summary>
    public bool Reads(string key) => _settings.WasRead(key);

    public static int UrlPort(string url) => Grains.Management.ManagementListener.PortOf(url);

    /// <summary>Whether a server URL binds only the loopback interface (unreachable from another machine or pod).</summary>
    public static bool IsLoopbackOnly(string url)
    {
        var host = new Uri(url.Replace("://*", "://any").Replace("://+", "://any")).Host;
        return host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }

    public static NodeProcess Build(NodeKind kind, IReadOnlyDictionary<string, string?> environment)
    {
        var project = Path.Combine(AzuriteInstance.FindRepositoryRoot(), kind == NodeKind.Silo ? "Silo" : "Api");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = project,
        });

        // What the process would see: its own appsettings.json, then the environment (KEY__PART is KEY:PART).
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in new ConfigurationBuilder().AddJsonFile(Path.Combine(project, "appsettings.json")).Build().AsEnumerable())
        {
            if (value is not null) settings[key] = value;
        }
        foreach (var (name, value) in environment) settings[name.Replace("__", ":", StringComparison.Ordinal)] = value;
        var recording = new RecordingConfiguration(settings);
        builder.Configuration.Sources.Clear();
        ((IConfigurationBuilder)builder.Configuration).Add(recording);

        // As Silo/Program.cs and Api/Program.cs do.
        if (kind == NodeKind.Silo)
        {
            builder.AddOccupancySilo();
            builder.AddOccupancySiloHealth();
            SiloTracing.AddOccupancyTracing(builder);
            SiloMetrics.AddOccupancyMetrics(builder);
            builder.BoundSiloShutdown();
        }
        else
        {
            builder.AddOccupancyApi();
            ApiTracing.AddOccupancyTracing(builder);
            ApiTelemetry.AddOccupancyMetrics(builder);
            builder.AddCheckin();
        }

        var urls = (builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey) ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var configured = builder.Services
            .Where(d => d.ServiceType.IsGenericType
                && (d.ServiceType.GetGenericTypeDefinition() == typeof(IConfigureOptions<>) || d.ServiceType.GetGenericTypeDefinition() == typeof(IPostConfigureOptions<>)))
            .Select(d => d.ServiceType.GetGenericArguments()[0])
            .Where(t => t.Namespace is { } ns && (ns.StartsWith("Occupancy", StringComparison.Ordinal) || ns.StartsWith("Orleans", StringComparison.Ordinal)))
            .Distinct()
            .ToList();

        var app = builder.Build();
        try
        {
            if (kind == NodeKind.Silo) app.MapOccupancySiloHealth();
            else app.MapHealthApi();
            var routes = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
                .Select(e => new MappedRoute("/" + e.RoutePattern.RawText?.TrimStart('/'), e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName))
                .ToList();

            // Options are bound when first asked for: ask for each of ours and Orleans', so that every key they read is seen.
            foreach (var type in configured) ValueOf(app.Services, type);

            return new NodeProcess(kind, recording, urls, routes,
                app.Services.GetRequiredService<IOptions<ClusterOptions>>().Value,
                app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout,
                kind == NodeKind.Silo ? app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value : null,
                app.Configuration,
                configured);
        }
        finally
        {
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static void ValueOf(IServiceProvider services, Type optionsType)
    {
        try
        {
            _ = services.GetService(typeof(IOptions<>).MakeGenericType(optionsType)) is { } options
                ? options.GetType().GetProperty(nameof(IOptions<object>.Value))!.GetValue(options)
                : null;
        }
        catch (Exception)
        {
            // Some options validate against a running host (Kubernetes' need a pod). Their keys then count as unread:
            // a test that relies on them fails rather than passing on a key nobody reads.
        }
    }
}

internal enum NodeKind
{
    Silo,
    Api,
}

/// <summary>A route the process maps, with its endpoint name (the OpenAPI operation id) when it has one.</summary>
internal sealed record MappedRoute(string Pattern, string? Name);
