using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Occupancy.Grains.Health;

/// <summary>The words health answers use for a check's status: healthy, degraded, unhealthy.</summary>
public static class HealthWords
{
    public static string Of(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
