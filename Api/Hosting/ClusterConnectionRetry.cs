namespace Occupancy.Api.Hosting;

/// <summary>An Api node started before any silo waits for the cluster instead of crashing at start.</summary>
internal sealed class ClusterConnectionRetry(ILogger<ClusterConnectionRetry> logger) : IClientConnectionRetryFilter
{
    private int _attempt;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _attempt);
        logger.LogWarning("The cluster is not reachable yet (attempt {Attempt}): {Reason}", attempt, exception.Message);
        await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, attempt)), cancellationToken);
        return true;
    }
}
