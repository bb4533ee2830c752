#if OCCUPANCY_UPGRADE_DRILL
namespace Occupancy.Grains.Sessions;

/// <summary>
/// The upgrade drill's build N+1 only: what a session read from its row, so the drill can tell that a renamed field
/// kept its value and an added one was filled from older rows.
/// </summary>
[GenerateSerializer, Immutable, Alias("SessionStoredShape")]
public sealed record SessionStoredShape(
    [property: Id(0)] int SchemaRead,
    [property: Id(1)] DateTimeOffset UpdatedAt,
    [property: Id(2)] DateTimeOffset? FirstBookedAt,
    [property: Id(3)] long Version);
#endif
