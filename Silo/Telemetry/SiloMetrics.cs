using Occupancy.Grains;
using Occupancy.Grains.Telemetry;

namespace Occupancy.Silo.Telemetry;

public static class SiloMetrics
{
    /// <summary>
    /// The silo's metrics (see <see cref="TelemetrySetup"/>): the places active here, storage writes, group commits,
    /// bookings, Orleans and the runtime; scraped at /metrics on the management port. Call after AddOccupancySilo.
    /// </summary>
    public static WebApplicationBuilder AddOccupancyMetrics(this WebApplicationBuilder builder)
    {
        builder.AddMetricsCore("occupancy-silo", _ => { });
        // Even with telemetry off: timing a write is a timestamp, and nothing listens.
        builder.Services.MeasureGrainStorage(StorageNames.Occupancy);
        return builder;
    }

    /// <summary>The scrape endpoint on the management port.</summary>
    public static WebApplication MapOccupancyMetrics(this WebApplication app) => app.MapMetricsScrape();
}
