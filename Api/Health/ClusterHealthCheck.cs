using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Occupancy.Api.Health;

/// <summary>
/// Whether this Api node reaches the cluster: a silo answers which silos are active (from its membership view in
/// memory, so a store outage does not make the cluster look gone). Unreachable is unhealthy: the node cannot serve.
/// </summary>
internal sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public const string Name = "cluster";

    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(8);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var silos = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(AnswerWithin, cancellationToken);
            return HealthCheckResult.Healthy($"{silos.Count} active silo(s)");
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the cluster did not answer", error);
        }
    }
}
