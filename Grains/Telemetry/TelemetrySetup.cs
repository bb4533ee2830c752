using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Occupancy.Grains.Management;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Occupancy.Grains.Telemetry;

/// <summary>
/// What the silo and the Api share: OpenTelemetry metrics (the project's meter, ASP.NET Core, HTTP client, .NET
/// runtime, Orleans), scraped by Prometheus at <see cref="MetricsPath"/> on the management port and pushed over OTLP
/// when an endpoint is configured. <c>Telemetry:Enabled=false</c> leaves every exporter and listener out.
/// </summary>
public static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";

    /// <summary>Orleans' own meter (messaging, grains, storage as Orleans sees it).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    public static bool IsEnabled(IConfiguration config) => config.GetValue("Telemetry:Enabled", true);

    /// <summary>
    /// The OTLP endpoint: <c>Telemetry:Otlp:Endpoint</c>, else the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
    /// (read by the exporter itself, with <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> and the other standard variables).
    /// </summary>
    public static bool ExportsOtlp(IConfiguration config) =>
        !string.IsNullOrWhiteSpace(config["Telemetry:Otlp:Endpoint"]) || !string.IsNullOrWhiteSpace(config["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static WebApplicationBuilder AddMetricsCore(this WebApplicationBuilder builder, string serviceName, Action<MeterProviderBuilder> more)
    {
        builder.AddManagementPort();
        var config = builder.Configuration;
        if (!IsEnabled(config)) return builder;

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(OccupancyMetrics.MeterName, OrleansMeter)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                if (ExportsOtlp(config))
                {
                    metrics.AddOtlpExporter(o =>
                    {
                        if (config["Telemetry:Otlp:Endpoint"] is { Length: > 0 } endpoint) o.Endpoint = new Uri(endpoint);
                    });
                }
                more(metrics);
            });
        return builder;
    }

    /// <summary>Prometheus' scrape endpoint, on the management port only.</summary>
    public static WebApplication MapMetricsScrape(this WebApplication app)
    {
        if (!IsEnabled(app.Configuration)) return app;
        app.MapPrometheusScrapingEndpoint(MetricsPath).OnManagementPort();
        return app;
    }
}
