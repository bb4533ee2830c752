namespace Occupancy.Grains.Live;

/// <summary>An entity whose changes Api nodes can watch. One subscription per node; it lapses unless renewed.</summary>
public interface IWatchable : IGrainWithStringKey
{
    /// <summary>
    /// Subscribes (or renews) the node's observer, then answers the current snapshot; null when the entity
    /// does not exist, in which case nothing is subscribed and nothing is created.
    /// </summary>
    Task<IVersionedSnapshot?> Watch(ILiveObserver observer);

    Task Unwatch(ILiveObserver observer);
}
