using Microsoft.Extensions.Options;

namespace Occupancy.Api.Live;

/// <summary>Renews this node's subscriptions well inside their lifetime and drops them all on shutdown.</summary>
internal sealed class SubscriptionRenewal(LiveRelay relay, IOptions<RelayOptions> options, ILogger<SubscriptionRenewal> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RenewEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await relay.RenewAll(stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(error, "Renewal round failed");
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await relay.DropAll().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
