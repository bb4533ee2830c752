namespace Occupancy.Grains.Live;

/// <summary>A whole snapshot of one entity; its version never goes back, also across restarts.</summary>
public interface IVersionedSnapshot
{
    long Version { get; }

    DateTimeOffset UpdatedAt { get; }
}
