using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Occupancy.Grains.Management;

/// <summary>
/// A second listener for operators' endpoints (metrics scrapes, dashboards): bound to loopback unless told otherwise,
/// because what it serves carries no bearer token (a scraper cannot renew one). Endpoints marked
/// <see cref="OnManagementPort{TBuilder}"/> answer only there, and nothing else answers there.
/// <para>
/// Settings: <c>Management:Port</c> (loopback, <c>http://127.0.0.1:port</c>) or <c>Management:Urls</c> (full URLs,
/// separated by ';', to bind elsewhere on purpose). Without either there is no management listener and management
/// endpoints answer nowhere.
/// </para>
/// </summary>
public static class ManagementPort
{
    /// <summary>Adds the management listener to the host's URLs (once). Call after anything that sets the URLs (UseUrls).</summary>
    public static WebApplicationBuilder AddManagementPort(this WebApplicationBuilder builder)
    {
        // Several parts may ask for it (metrics, a dashboard): the listener is added once.
        if (builder.Services.Any(d => d.ServiceType == typeof(ManagementListener))) return builder;
        var listener = ManagementListener.From(builder.Configuration);
        builder.Services.TryAddSingleton(listener);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, ManagementMatcherPolicy>());
        if (listener.Urls.Count == 0) return builder;

        // Appended to the URLs rather than bound with Kestrel's Listen, which would silently replace them.
        var current = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey);
        var urls = string.IsNullOrWhiteSpace(current) ? ["http://localhost:5000"] : current.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // On a shared port the public endpoints would vanish (routing tells the two apart by port).
        if (urls.Select(ManagementListener.PortOf).FirstOrDefault(listener.Serves) is var shared and > 0)
            throw new InvalidOperationException($"The management port {shared} is also a public port ({current}); choose another Management:Port.");
        builder.WebHost.UseUrls([.. urls, .. listener.Urls]);
        return builder;
    }

    /// <summary>Serves this endpoint on the management listener only (elsewhere it does not exist: 404).</summary>
    public static TBuilder OnManagementPort<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(ManagementOnly.Instance);
}
