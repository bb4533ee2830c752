using Occupancy.Grains.Live;

namespace Occupancy.Grains.Alerts;

/// <summary>
/// A site's open absence alerts, oldest first: the hub payload of the staff-only topic <c>alerts:{siteId}</c> and the
/// dashboard's panel. <see cref="Escalated"/> counts the open ones raised again.
/// </summary>
[GenerateSerializer, Immutable, Alias("SiteAlertsSnapshot")]
public sealed record SiteAlertsSnapshot(
    [property: Id(0)] string SiteId,
    [property: Id(1)] IReadOnlyList<AbsenceAlert> Open,
    [property: Id(2)] int OpenCount,
    [property: Id(3)] int Escalated,
    [property: Id(4)] long Version,
    [property: Id(5)] DateTimeOffset UpdatedAt) : IVersionedSnapshot;
