using Microsoft.Extensions.Options;

namespace Occupancy.Api.Live;

/// <summary>
/// The contract's heartbeat: every <see cref="RelayOptions.HeartbeatEvery"/> each watched topic's newest snapshot is
/// sent again to its watchers on this node. Independent of subscription renewal, so a test of pushes cannot pass on
/// re-sends, and either period can change without the other.
/// </summary>
internal sealed class LiveHeartbeat(LiveRelay relay, IOptions<RelayOptions> options, ILogger<LiveHeartbeat> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await relay.ResendAll(options.Value.HeartbeatEvery, options.Value.HeartbeatSlice, stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(error, "Heartbeat round failed");
            }
        }
    }
}
