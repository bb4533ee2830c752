namespace Occupancy.Api.Live;

/// <summary>Settings of section "Live" on an Api node.</summary>
public sealed class RelayOptions
{
    /// <summary>
    /// How often this node renews its subscriptions and re-sends every watched topic. Well inside the grains'
    /// subscription lifetime (45 s) and the contract's 20 s heartbeat.
    /// </summary>
    public TimeSpan RenewEvery { get; set; } = TimeSpan.FromSeconds(10);
}
