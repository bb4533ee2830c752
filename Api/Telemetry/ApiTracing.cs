using Occupancy.Grains.Telemetry;
using OpenTelemetry.Trace;

namespace Occupancy.Api.Telemetry;

internal static class ApiTracing
{
    /// <summary>
    /// An Api node's traces (<see cref="OccupancyTracing"/>): each HTTP request and hub invocation, the grain calls it
    /// makes (their trace context travels with the call) and, on the silos, what those calls do. Health probes and
    /// scrapes start no trace. Nothing at all unless traces are collected (<see cref="TelemetrySetup.IsTracing"/>).
    /// </summary>
    public static WebApplicationBuilder AddOccupancyTracing(this WebApplicationBuilder builder)
    {
        if (!TelemetrySetup.IsTracing(builder.Configuration)) return builder;
        builder.UseOrleansClient(client => client.AddActivityPropagation());
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing
            .AddOccupancyTracing(builder.Configuration, "occupancy-api")
            .AddAspNetCoreInstrumentation(o => o.Filter = http => !Probes.IsProbe(http.Request.Path)));
        return builder;
    }
}
