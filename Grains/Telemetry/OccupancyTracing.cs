using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Occupancy.Grains.Telemetry;

/// <summary>
/// Traces of the Api nodes and the silos, one trace per request: the HTTP request, the grain calls it makes (Orleans
/// carries the trace context in each call's request context), the group-commit write that holds its change, Orleans'
/// storage call and the Azure SDK's request to the table. Spans are redacted before any exporter sees them
/// (<see cref="RedactingSpanProcessor"/>) and exported over OTLP when an endpoint is configured.
/// <para>
/// Settings: <c>Telemetry:Enabled</c> (default true; false registers nothing at all, not even Orleans' call filters),
/// <c>Telemetry:Otlp:Endpoint</c> or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (and <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>,
/// <c>OTEL_SERVICE_NAME</c>), <c>Telemetry:Tracing:SampleRatio</c> (default 1: every request) and
/// <c>Telemetry:Tracing:Background</c> (default false: work that no request started, such as membership and reminder
/// polling and subscription renewals, starts no trace).
/// </para>
/// </summary>
public static class OccupancyTracing
{
    /// <summary>Orleans' sources for grain calls, activations and state reads and writes ("Microsoft.Orleans.Runtime", the system's own calls, is left out).</summary>
    public static readonly string[] OrleansSources = ["Microsoft.Orleans.Application", "Microsoft.Orleans.Lifecycle", "Microsoft.Orleans.Storage"];

    /// <summary>The Azure SDK's client sources (table operations and their HTTP requests); they exist only once <see cref="EnableAzureActivities"/> ran.</summary>
    public const string AzureSources = "Azure.*";

    /// <summary>
    /// The Azure SDK creates its spans through <see cref="ActivitySource"/> only behind this switch (read once, on its
    /// first operation: set it before the host starts).
    /// </summary>
    public static void EnableAzureActivities() => AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);

    /// <summary>
    /// What the Api and the silo trace alike: the project's spans, Orleans', the Azure SDK's and the HTTP client's,
    /// redacted, sampled per request, and exported over OTLP when an endpoint is configured. Exporters added after
    /// this call see redacted spans.
    /// </summary>
    public static TracerProviderBuilder AddOccupancyTracing(this TracerProviderBuilder tracing, IConfiguration config, string serviceName)
    {
        EnableAzureActivities();
        tracing
            .ConfigureResource(resource =>
            {
                // OTEL_SERVICE_NAME, when set, names the service (the default detectors read it).
                if (config["OTEL_SERVICE_NAME"] is not { Length: > 0 }) resource.AddService(serviceName);
            })
            .SetSampler(new RequestSampler(config.GetValue("Telemetry:Tracing:SampleRatio", 1.0), config.GetValue("Telemetry:Tracing:Background", false)))
            .AddSource(OccupancyActivities.SourceName)
            .AddSource(OrleansSources)
            .AddSource(AzureSources)
            .AddHttpClientInstrumentation(o => o.RecordException = false)
            .AddProcessor(new RedactingSpanProcessor());
        if (TelemetrySetup.OtlpEndpoint(config) is { } endpoint)
        {
            tracing.AddOtlpExporter(o =>
            {
                o.Endpoint = endpoint;
                // A bare host:4318 or a path ending in /v1/traces is the HTTP protocol; anything else keeps the default (or OTEL_EXPORTER_OTLP_PROTOCOL).
                if (config["OTEL_EXPORTER_OTLP_PROTOCOL"] is not { Length: > 0 } && (endpoint.Port == 4318 || endpoint.AbsolutePath.EndsWith("/v1/traces", StringComparison.Ordinal)))
                {
                    o.Protocol = OtlpExportProtocol.HttpProtobuf;
                }
            });
        }
        return tracing;
    }

    /// <summary>
    /// A silo's traces: Orleans' trace propagation through grain calls and <see cref="AddOccupancyTracing(TracerProviderBuilder, IConfiguration, string)"/>.
    /// Nothing when <c>Telemetry:Enabled</c> is false. Also what a test cluster's silos call.
    /// </summary>
    public static ISiloBuilder AddOccupancyTracing(this ISiloBuilder silo, IConfiguration config, string serviceName = "occupancy-silo")
    {
        if (!TelemetrySetup.IsEnabled(config)) return silo;
        silo.AddActivityPropagation();
        silo.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddOccupancyTracing(config, serviceName));
        return silo;
    }
}
