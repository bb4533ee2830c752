namespace Occupancy.Api.Live;

/// <summary>Settings of section "Live" on an Api node.</summary>
public sealed class RelayOptions
{
    /// <summary>
    /// How often this node renews its subscriptions with the grains. Well inside the grains' subscription lifetime
    /// (45 s). A renewal also repairs a subscription lost when a silo died: a snapshot newer than the one the node
    /// last sent is pushed to the topic's watchers.
    /// </summary>
    public TimeSpan RenewEvery { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often every watched topic's newest snapshot is sent again (the same version when nothing changed), so a
    /// screen knows it is not stale. A topic sent within the last half period is left alone (<see cref="HeartbeatDue"/>), so
    /// the longest silence is 1.5 periods: the contract promises at least every 20 s; screens call a topic stale after 30 s.
    /// </summary>
    public TimeSpan HeartbeatEvery { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many watchers one heartbeat send reaches at once. A round sends its topics a slice of watchers at a time,
    /// spread over its first tenth of a period (<see cref="HeartbeatDue.Spread"/>).
    /// </summary>
    public int HeartbeatSlice { get; set; } = 256;
}
