using Occupancy.Api.Live;

namespace Occupancy.Api.Tests.Functional;

public sealed class HeartbeatDueTests
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_topic_sent_a_moment_ago_is_not_sent_again_by_the_heartbeat()
    {
        Assert.False(HeartbeatDue.IsDue(TimeSpan.FromMilliseconds(250), Every));
        // Half a period less the round's spread (1 s of 10): a topic pushed 3.9 s ago is left alone.
        Assert.False(HeartbeatDue.IsDue(TimeSpan.FromSeconds(3.9), Every));
    }

    [Fact]
    public void A_topic_quiet_for_half_a_period_less_the_spread_or_more_is_sent_again()
    {
        Assert.True(HeartbeatDue.IsDue(TimeSpan.FromSeconds(4), Every));
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

    [Fact]
    public void A_rounds_spread_is_taken_off_the_skip_window_so_the_longest_silence_does_not_grow()
    {
        // Skipped at a round's start only if sent less than (half a period − spread) before; sent by the next round at
        // most a spread into it: at most 1.5 periods in all.
        var skippedUpTo = Every / 2 - HeartbeatDue.Spread(Every);
        Assert.True(skippedUpTo + Every + HeartbeatDue.Spread(Every) <= HeartbeatDue.LongestSilence(Every));
        Assert.True(HeartbeatDue.Spread(Every) <= Every / 4, "a round must end well before the next one starts");
    }
}
