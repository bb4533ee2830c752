using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Catalog;

/// <summary>One community complex of the demo catalog with everything that belongs to it.</summary>
public sealed record CatalogSite(
    string Id,
    string Name,
    string? NameEn,
    string? District,
    string TimeZone,
    IReadOnlyList<CatalogFacility> Facilities,
    IReadOnlyList<CatalogCanteen> Canteens,
    IReadOnlyList<CatalogSchedule> Schedules)
{
    public SiteDefinition ToDefinition() => new(Name, TimeZone, NameEn, District);
}
