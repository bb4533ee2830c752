using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains.Telemetry;
using OpenTelemetry.Trace;

namespace Occupancy.Api.Tests.Telemetry;

/// <summary>
/// Traces cost every request its spans, so a node traces only when someone collects them: a configured OTLP endpoint,
/// or <c>Telemetry:Tracing:Enabled=true</c> for an exporter of one's own. Metrics are on either way.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TracingSwitchTests(ApiFixture fixture)
{
    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Fact]
    public void Requests_are_traced_when_a_collector_is_named_or_tracing_is_asked_for_and_not_otherwise()
    {
        Assert.False(TelemetrySetup.IsTracing(Config()));
        Assert.True(TelemetrySetup.IsTracing(Config(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"))));
        Assert.True(TelemetrySetup.IsTracing(Config(("Telemetry:Otlp:Endpoint", "http://collector:4317"))));
        Assert.True(TelemetrySetup.IsTracing(Config(("Telemetry:Tracing:Enabled", "true"))));
        Assert.False(TelemetrySetup.IsTracing(Config(("Telemetry:Otlp:Endpoint", "http://collector:4317"), ("Telemetry:Tracing:Enabled", "false"))));
        Assert.False(TelemetrySetup.IsTracing(Config(("Telemetry:Tracing:Enabled", "true"), ("Telemetry:Enabled", "false"))));
    }

    [Fact]
    public void An_api_node_without_a_collector_builds_no_tracer_but_keeps_its_metrics()
    {
        Assert.Null(fixture.Api.Services.GetService<TracerProvider>());
        Assert.NotNull(fixture.Api.Services.GetService<OpenTelemetry.Metrics.MeterProvider>());
    }
}
