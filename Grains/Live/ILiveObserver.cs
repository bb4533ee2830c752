namespace Occupancy.Grains.Live;

/// <summary>An Api node's relay: receives whole snapshots of the topics it watches and passes them to its local SignalR group.</summary>
public interface ILiveObserver : IGrainObserver
{
    /// <summary>One-way, so a slow or dead node never holds up the grain that publishes.</summary>
    [OneWay]
    Task Changed(string topic, IVersionedSnapshot snapshot);
}
