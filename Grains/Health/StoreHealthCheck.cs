using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Occupancy.Grains.Health;

/// <summary>
/// Whether the store takes a small write (<see cref="IStoreProbeGrain"/>, whose answer stands a few seconds). A store
/// that does not is <see cref="HealthStatus.Degraded"/>, never unhealthy: the node itself is fine, reads of active
/// places go on, and an orchestrator that restarts unhealthy nodes must not restart every node because the store failed.
/// Used by the Api's readiness and by the silo's health.
/// </summary>
public sealed class StoreHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public const string Name = "store";

    /// <summary>Longer than the probe's own write timeout, so a frozen store is reported by the probe's answer.</summary>
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(8);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var store = await grains.GetGrain<IStoreProbeGrain>(0).Probe().WaitAsync(AnswerWithin, cancellationToken);
            return store.Healthy ? HealthCheckResult.Healthy(store.Detail) : HealthCheckResult.Degraded(store.Detail);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            // The probe could not be loaded (its state lives in the store) or did not answer in time. Whether the
            // cluster itself answers is the cluster check's to say.
            var detail = error is TimeoutException ? $"probe did not answer within {AnswerWithin.TotalSeconds:F0} s" : "probe could not load its state";
            return HealthCheckResult.Degraded(detail, error);
        }
    }
}
