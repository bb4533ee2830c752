using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Occupancy.Grains.Live;

/// <summary>
/// A grain's watchers (one per Api node) and its outgoing pushes. Subscriptions lapse unless renewed;
/// pushes go to every node at once without waiting, and a burst of changes is coalesced into at most
/// one push per <see cref="LiveFeedOptions.MinPushInterval"/> (the first at once, the latest at the end).
/// </summary>
internal sealed class LiveFeed(IGrainBase grain, string topic, LiveFeedOptions options, ILogger logger)
{
    private readonly Dictionary<ILiveObserver, long> _expiresAt = [];
    private IVersionedSnapshot? _pending;
    private IGrainTimer? _trailingPush;
    private long _lastPushAt = long.MinValue / 2;

    public string Topic { get; } = topic;

    public int Count => _expiresAt.Count;

    public void Subscribe(ILiveObserver observer) =>
        _expiresAt[observer] = Stopwatch.GetTimestamp() + (long)(options.SubscriptionLifetime.TotalSeconds * Stopwatch.Frequency);

    public void Unsubscribe(ILiveObserver observer) => _expiresAt.Remove(observer);

    public void Publish(IVersionedSnapshot snapshot)
    {
        _pending = snapshot;
        if (_trailingPush is not null) return;
        var since = Stopwatch.GetElapsedTime(_lastPushAt);
        if (since >= options.MinPushInterval)
        {
            Flush();
            return;
        }
        _trailingPush = grain.RegisterGrainTimer(() =>
        {
            _trailingPush?.Dispose();
            _trailingPush = null;
            Flush();
            return Task.CompletedTask;
        }, options.MinPushInterval - since, Timeout.InfiniteTimeSpan);
    }

    private void Flush()
    {
        if (_pending is not { } snapshot) return;
        _pending = null;
        _lastPushAt = Stopwatch.GetTimestamp();
        var now = _lastPushAt;
        foreach (var (observer, expiresAt) in _expiresAt.ToArray())
        {
            if (expiresAt < now)
            {
                _expiresAt.Remove(observer);
                continue;
            }
            try
            {
                // One-way call: it returns at once, whatever the node does.
                _ = observer.Changed(Topic, snapshot);
            }
            catch (Exception error)
            {
                logger.LogDebug(error, "Push of {Topic} to a node failed", Telemetry.TracePrivacy.Topic(Topic));
            }
        }
    }
}
