using Occupancy.Api.Live;

namespace Occupancy.Api.Tests.Functional;

/// <summary>
/// A connection's watched topics, held compactly for the usual one: watching more, stopping and watching again must
/// still answer what the relay relies on (the per-connection limit, what to drop when the connection goes).
/// </summary>
public sealed class WatchedTopicsTests
{
    [Fact]
    public void One_topic_is_watched_once_however_often_it_is_asked_for()
    {
        var topics = new WatchedTopics();
        topics.Add("canteen:a");
        topics.Add("canteen:a");
        Assert.Equal(1, topics.Count);
        Assert.True(topics.Contains("canteen:a"));
        Assert.False(topics.Contains("canteen:b"));
        Assert.Equal(["canteen:a"], topics.ToArray());
    }

    [Fact]
    public void A_second_and_third_topic_are_kept_beside_the_first_and_each_can_be_dropped()
    {
        var topics = new WatchedTopics();
        topics.Add("canteen:a");
        topics.Add("site:s");
        topics.Add("facility:f");
        Assert.Equal(3, topics.Count);
        topics.Remove("canteen:a");
        Assert.False(topics.Contains("canteen:a"));
        Assert.Equal(["facility:f", "site:s"], topics.ToArray().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Stopping_the_only_topic_leaves_none_and_another_can_be_watched()
    {
        var topics = new WatchedTopics();
        topics.Add("canteen:a");
        topics.Remove("site:other");
        Assert.Equal(1, topics.Count);
        topics.Remove("canteen:a");
        Assert.Equal(0, topics.Count);
        Assert.Empty(topics.ToArray());
        topics.Add("canteen:b");
        Assert.Equal(["canteen:b"], topics.ToArray());
    }

    [Fact]
    public void Topic_names_are_told_apart_by_case()
    {
        var topics = new WatchedTopics();
        topics.Add("canteen:a");
        Assert.False(topics.Contains("Canteen:A"));
        topics.Add("Canteen:A");
        Assert.Equal(2, topics.Count);
    }
}
