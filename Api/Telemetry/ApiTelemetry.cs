using Microsoft.AspNetCore.Http;
using Occupancy.Grains.Telemetry;

namespace Occupancy.Api.Telemetry;

public static class ApiTelemetry
{
    /// <summary>
    /// The Api node's metrics (see <see cref="TelemetrySetup"/> and <see cref="ApiMetrics"/>), scraped at /metrics on
    /// the management port (<c>Management:Port</c>); with <c>Telemetry:Enabled=false</c> nothing listens or exports.
    /// </summary>
    public static WebApplicationBuilder AddOccupancyMetrics(this WebApplicationBuilder builder)
    {
        builder.AddMetricsCore("occupancy-api", _ => { });
        builder.Services.AddSingleton<ApiMetrics>();
        // Every problem answer goes through the problem details service, whichever part of the pipeline wrote it.
        builder.Services.PostConfigure<ProblemDetailsOptions>(o =>
        {
            var earlier = o.CustomizeProblemDetails;
            o.CustomizeProblemDetails = context =>
            {
                earlier?.Invoke(context);
                context.HttpContext.RequestServices.GetService<ApiMetrics>()?.Problem(
                    context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode,
                    context.ProblemDetails.Extensions.TryGetValue("code", out var code) ? code : null);
            };
        });
        return builder;
    }

    /// <summary>The scrape endpoint on the management port; the node's own gauges exist from the start.</summary>
    public static WebApplication MapOccupancyMetrics(this WebApplication app)
    {
        app.Services.GetRequiredService<ApiMetrics>();
        return app.MapMetricsScrape();
    }
}
