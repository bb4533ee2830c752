#if OCCUPANCY_UPGRADE_DRILL
namespace Occupancy.Grains.Sessions;

/// <summary>The upgrade drill's build N+1 only: the method its interface version 1 adds.</summary>
internal sealed partial class SessionGrain
{
    /// <summary>The stamp of the row this activation read (0: written before shapes were numbered).</summary>
    private int _schemaRead;

    public Task<SessionStoredShape> GetStoredShape() =>
        Task.FromResult(new SessionStoredShape(_schemaRead, D.UpdatedAt, D.FirstBookedAt, D.Version));
}
#endif
