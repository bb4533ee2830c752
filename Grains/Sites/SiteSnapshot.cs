using Occupancy.Grains.Canteens;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Live;

namespace Occupancy.Grains.Sites;

/// <summary>A site's live dashboard: every facility and canteen now. The REST body and the hub payload of <c>site:{id}</c>.</summary>
[GenerateSerializer, Immutable, Alias("SiteSnapshot")]
public sealed record SiteSnapshot(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? NameEn,
    [property: Id(3)] string? District,
    [property: Id(4)] string TimeZone,
    [property: Id(5)] IReadOnlyList<FacilitySnapshot> Facilities,
    [property: Id(6)] IReadOnlyList<CanteenSnapshot> Canteens,
    [property: Id(7)] SiteTotals Totals,
    [property: Id(8)] long Version,
    [property: Id(9)] DateTimeOffset UpdatedAt) : IVersionedSnapshot;
