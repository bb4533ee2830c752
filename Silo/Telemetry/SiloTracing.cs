using Occupancy.Grains.Telemetry;
using OpenTelemetry.Trace;

namespace Occupancy.Silo.Telemetry;

public static class SiloTracing
{
    /// <summary>
    /// A silo's traces (<see cref="OccupancyTracing"/>): the grain calls it serves, in the trace of the request that made
    /// them, with their activations, group-commit writes, state reads and writes and the table requests beneath. Its own
    /// HTTP endpoints are probes and scrapes, which start no trace. Nothing at all unless traces are collected (<see cref="TelemetrySetup.IsTracing"/>).
    /// </summary>
    public static WebApplicationBuilder AddOccupancyTracing(this WebApplicationBuilder builder)
    {
        if (!TelemetrySetup.IsTracing(builder.Configuration)) return builder;
        builder.UseOrleans(silo => silo.AddOccupancyTracing(builder.Configuration));
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
            .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments("/metrics")));
        return builder;
    }
}
