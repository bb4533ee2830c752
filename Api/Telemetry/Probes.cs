namespace Occupancy.Api.Telemetry;

/// <summary>Requests that are the infrastructure asking, not a user: launchers' health probes and metric scrapes.</summary>
internal static class Probes
{
    public static bool IsProbe(PathString path) => path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");
}
