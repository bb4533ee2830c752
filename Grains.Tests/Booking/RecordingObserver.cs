using System.Collections.Concurrent;
using Occupancy.Grains.Live;

namespace Occupancy.Grains.Tests.Booking;

/// <summary>A live observer as an Api node has one: records every snapshot pushed to it.</summary>
public sealed class RecordingObserver : ILiveObserver
{
    public ConcurrentQueue<(string Topic, IVersionedSnapshot Snapshot)> Received { get; } = new();

    public Task Changed(string topic, IVersionedSnapshot snapshot)
    {
        Received.Enqueue((topic, snapshot));
        return Task.CompletedTask;
    }

    public IEnumerable<T> Of<T>(string topic) => Received.Where(r => r.Topic == topic).Select(r => r.Snapshot).OfType<T>();
}
