using System.Collections.Concurrent;
using Occupancy.Grains.Live;

namespace Occupancy.Grains.Tests.Support;

/// <summary>
/// Stands where an Api node's relay stands: receives pushes of the topics it watches and keeps them in
/// arrival order. The test holds it in a field or local for its whole life, since Orleans holds observers weakly.
/// </summary>
public sealed class RecordingObserver : ILiveObserver, IDisposable
{
    private readonly ConcurrentQueue<(string Topic, IVersionedSnapshot Snapshot)> _received = new();
    private readonly IGrainFactory _grains;

    public RecordingObserver(IGrainFactory grains)
    {
        _grains = grains;
        Reference = grains.CreateObjectReference<ILiveObserver>(this);
    }

    /// <summary>What a grain's Watch is given.</summary>
    public ILiveObserver Reference { get; }

    public Task Changed(string topic, IVersionedSnapshot snapshot)
    {
        _received.Enqueue((topic, snapshot));
        return Task.CompletedTask;
    }

    /// <summary>The snapshots pushed for a topic, in the order they arrived.</summary>
    public IReadOnlyList<T> Pushes<T>(string topic) where T : IVersionedSnapshot =>
        _received.Where(r => r.Topic == topic).Select(r => r.Snapshot).OfType<T>().ToArray();

    public void Dispose() => _grains.DeleteObjectReference<ILiveObserver>(Reference);
}
