namespace Occupancy.Grains.Live;

/// <summary>Timings of live subscriptions, set in the silo's configuration section "Live".</summary>
public sealed class LiveFeedOptions
{
    /// <summary>A node's subscription lapses this long after its last renewal.</summary>
    public TimeSpan SubscriptionLifetime { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>At most one push per entity per interval; changes in between are coalesced.</summary>
    public TimeSpan MinPushInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Site dashboards coalesce more: a burst at a gate becomes one dashboard update.</summary>
    public TimeSpan SitePushInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
