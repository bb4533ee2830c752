using Occupancy.Api.Live;

namespace Occupancy.Api.Tests.Functional;

public sealed class HeartbeatDueTests
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_topic_sent_a_moment_ago_is_not_sent_again_by_the_heartbeat()
    {
        Assert.False(HeartbeatDue.IsDue(TimeSpan.FromMilliseconds(250), Every));
        Assert.False(HeartbeatDue.IsDue(TimeSpan.FromSeconds(4.9), Every));
    }

    [Fact]
    public void A_topic_quiet_for_half_a_period_or_more_is_sent_again()
    {
        Assert.True(HeartbeatDue.IsDue(TimeSpan.FromSeconds(5), Every));
        Assert.True(HeartbeatDue.IsDue(TimeSpan.FromMinutes(3), Every));
    }

    [Fact]
    public void With_the_shipped_period_a_watcher_hears_of_every_topic_within_the_contracts_20_seconds()
    {
        var shipped = new RelayOptions().HeartbeatEvery;

        Assert.True(HeartbeatDue.LongestSilence(shipped) <= TimeSpan.FromSeconds(20),
            $"a topic can go {HeartbeatDue.LongestSilence(shipped)} without a send; the contract promises at least every 20 s");
    }
}
