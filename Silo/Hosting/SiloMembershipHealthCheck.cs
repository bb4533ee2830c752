using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Occupancy.Silo.Hosting;

/// <summary>
/// Whether this silo is an active member of the cluster, from its own membership view (in memory: a store outage does
/// not change it). Joining, shutting down or declared dead is unhealthy: the silo does not serve grains.
/// </summary>
internal sealed class SiloMembershipHealthCheck(ISiloStatusOracle membership) : IHealthCheck
{
    public const string Name = "cluster";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentStatus;
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"active, {membership.GetApproximateSiloStatuses(onlyActive: true).Count} active silo(s)")
            : HealthCheckResult.Unhealthy($"this silo is {status}"));
    }
}
