using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Occupancy.Grains;
using Occupancy.Grains.Live;
using Occupancy.Grains.Telemetry;

namespace Occupancy.Api.Live;

/// <summary>
/// This node's single observer of the grains it watches. Each watched topic has one subscription from this
/// node, whatever the number of local connections watching it; pushes go to the topic's local SignalR group.
/// The relay object is held here (a singleton) because Orleans keeps observer objects only weakly.
/// </summary>
internal sealed class LiveRelay(
    IGrainFactory grains, TopicResolver topics, IHubContext<OccupancyHub> hub, ILogger<LiveRelay> logger, Telemetry.ApiMetrics? metrics = null)
    : ILiveObserver
{
    public const int MaxTopicsPerConnection = 200;
    public const string ChangedEvent = "changed";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<string>> _watchersByTopic = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WatchedTopics> _topicsByConnection = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IVersionedSnapshot> _latest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _lastSentAt = new(StringComparer.Ordinal);
    private ILiveObserver? _reference;

    private ILiveObserver Reference => _reference ??= grains.CreateObjectReference<ILiveObserver>(this);

    public int TopicCount { get { lock (_gate) return _watchersByTopic.Count; } }

    /// <summary>Connections watching at least one topic.</summary>
    public int WatcherCount { get { lock (_gate) return _topicsByConnection.Count(c => c.Value.Count > 0); } }

    /// <summary>Adds the connection to the topic's group, subscribes this node, then reads the snapshot (so no change falls between).</summary>
    public async Task<IVersionedSnapshot> Watch(string connectionId, string topic)
    {
        var grain = topics.Resolve(topic);
        lock (_gate)
        {
            var mine = _topicsByConnection.GetValueOrDefault(connectionId);
            if (mine is not null && mine.Count >= MaxTopicsPerConnection && !mine.Contains(topic))
                throw new HubException($"{ProblemCodes.InvalidRequest}: at most {MaxTopicsPerConnection} topics per connection.");
        }
        await hub.Groups.AddToGroupAsync(connectionId, topic);
        Track(connectionId, topic);
        var snapshot = await grain.Watch(Reference);
        if (snapshot is null)
        {
            await Unwatch(connectionId, topic);
            throw new HubException($"{ProblemCodes.NotFound}: {topic} does not exist.");
        }
        return Remember(topic, snapshot);
    }

    public async Task Unwatch(string connectionId, string topic)
    {
        bool lastWatcher;
        lock (_gate)
        {
            if (_topicsByConnection.TryGetValue(connectionId, out var mine)) mine.Remove(topic);
            if (!_watchersByTopic.TryGetValue(topic, out var watchers) || !watchers.Remove(connectionId)) return;
            lastWatcher = watchers.Count == 0;
            if (lastWatcher)
            {
                _watchersByTopic.Remove(topic);
                _latest.TryRemove(topic, out _);
                _lastSentAt.TryRemove(topic, out _);
            }
        }
        await hub.Groups.RemoveFromGroupAsync(connectionId, topic);
        if (lastWatcher) await DropSubscription(topic);
    }

    public async Task Disconnected(string connectionId)
    {
        string[] mine;
        lock (_gate) mine = _topicsByConnection.TryGetValue(connectionId, out var set) ? set.ToArray() : [];
        foreach (var topic in mine) await Unwatch(connectionId, topic);
        lock (_gate) _topicsByConnection.Remove(connectionId);
    }

    /// <summary>
    /// Renews every subscription of this node. A snapshot newer than the one last sent (a push lost while a silo
    /// died and the subscription with it) is pushed to the topic's group; an unchanged one is not: re-sending is
    /// the heartbeat's job (<see cref="ResendAll"/>).
    /// </summary>
    public async Task RenewAll(CancellationToken cancellationToken)
    {
        string[] watched;
        lock (_gate) watched = [.. _watchersByTopic.Keys];
        await Parallel.ForEachAsync(watched, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (topic, _) =>
        {
            try
            {
                var snapshot = await topics.Resolve(topic).Watch(Reference);
                if (snapshot is null) return;
                var known = _latest.GetValueOrDefault(topic);
                var newest = Remember(topic, snapshot);
                if (known is not null && newest.Version > known.Version && IsWatched(topic))
                    await Send(topic, newest, cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogWarning(error, "Renewing {Topic} failed; trying again next round", TracePrivacy.Topic(topic));
            }
        });
    }

    /// <summary>
    /// The contract's heartbeat: sends every watched topic's newest snapshot again to its watchers on this node, unless
    /// they were sent one within the last half period (<see cref="HeartbeatDue"/>). The sends go to
    /// <paramref name="slice"/> watchers at a time, spread over <see cref="HeartbeatDue.Spread"/>: sent to all at
    /// once, 10,000 idle connections each held a buffer at the same moment, and the server's pool kept them all.
    /// </summary>
    public async Task ResendAll(TimeSpan every, int slice, CancellationToken cancellationToken)
    {
        KeyValuePair<string, IVersionedSnapshot>[] newest = [.. _latest];
        var now = Stopwatch.GetTimestamp();
        var due = new List<(string Topic, IVersionedSnapshot Snapshot, string[] Watchers)>();
        foreach (var (topic, snapshot) in newest)
        {
            if (_lastSentAt.TryGetValue(topic, out var sentAt) && !HeartbeatDue.IsDue(Stopwatch.GetElapsedTime(sentAt, now), every)) continue;
            string[] watchers;
            lock (_gate) watchers = _watchersByTopic.TryGetValue(topic, out var set) ? [.. set] : [];
            if (watchers.Length > 0) due.Add((topic, snapshot, watchers));
        }

        slice = Math.Max(1, slice);
        var slices = due.Sum(d => (d.Watchers.Length + slice - 1) / slice);
        var pause = slices > 1 ? HeartbeatDue.Spread(every) / slices : TimeSpan.Zero;
        foreach (var (topic, snapshot, watchers) in due)
        {
            _lastSentAt[topic] = Stopwatch.GetTimestamp();
            foreach (var some in watchers.Chunk(slice))
            {
                try
                {
                    await hub.Clients.Clients(some).SendAsync(ChangedEvent, topic, snapshot, cancellationToken);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    logger.LogWarning(error, "Re-sending {Topic} failed; trying again next heartbeat", TracePrivacy.Topic(topic));
                }
                if (pause > TimeSpan.Zero) await Task.Delay(pause, cancellationToken);
            }
        }
    }

    /// <summary>On shutdown: tell every grain this node is gone rather than letting the subscriptions lapse.</summary>
    public async Task DropAll()
    {
        string[] watched;
        lock (_gate)
        {
            watched = [.. _watchersByTopic.Keys];
            _watchersByTopic.Clear();
            _topicsByConnection.Clear();
        }
        await Task.WhenAll(watched.Select(DropSubscription));
    }

    public Task Changed(string topic, IVersionedSnapshot snapshot)
    {
        if (!IsWatched(topic)) return Task.CompletedTask;
        var newest = Remember(topic, snapshot);
        if (ReferenceEquals(newest, snapshot)) _ = Forward(topic, snapshot);
        return Task.CompletedTask;
    }

    private async Task Forward(string topic, IVersionedSnapshot snapshot)
    {
        try
        {
            await Send(topic, snapshot, CancellationToken.None);
            metrics?.Pushed(topic, snapshot, DateTimeOffset.UtcNow);
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Forwarding {Topic} to local watchers failed", TracePrivacy.Topic(topic));
        }
    }

    /// <summary>Sends to the topic's local group, noting when (the heartbeat leaves a topic just sent alone).</summary>
    private Task Send(string topic, IVersionedSnapshot snapshot, CancellationToken cancellationToken)
    {
        _lastSentAt[topic] = Stopwatch.GetTimestamp();
        return hub.Clients.Group(topic).SendAsync(ChangedEvent, topic, snapshot, cancellationToken);
    }

    private void Track(string connectionId, string topic)
    {
        lock (_gate)
        {
            if (!_topicsByConnection.TryGetValue(connectionId, out var mine)) _topicsByConnection[connectionId] = mine = new WatchedTopics();
            mine.Add(topic);
            if (!_watchersByTopic.TryGetValue(topic, out var watchers)) _watchersByTopic[topic] = watchers = [];
            watchers.Add(connectionId);
        }
    }

    public bool IsWatched(string topic)
    {
        lock (_gate) return _watchersByTopic.ContainsKey(topic);
    }

    /// <summary>Keeps the highest version seen for a topic; answers the one to show (never an older one).</summary>
    private IVersionedSnapshot Remember(string topic, IVersionedSnapshot snapshot) =>
        _latest.AddOrUpdate(topic, snapshot, (_, known) => known.Version > snapshot.Version ? known : snapshot);

    private async Task DropSubscription(string topic)
    {
        try
        {
            await topics.Resolve(topic).Unwatch(Reference);
        }
        catch (Exception error)
        {
            // The subscription lapses on its own if the grain cannot be told.
            logger.LogDebug(error, "Dropping the subscription to {Topic} failed", TracePrivacy.Topic(topic));
        }
    }
}
