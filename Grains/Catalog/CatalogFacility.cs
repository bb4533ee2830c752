using Occupancy.Grains.Facilities;

namespace Occupancy.Grains.Catalog;

/// <summary>A facility of the demo catalog: a <see cref="FacilityDefinition"/> with its id; the site is the enclosing one.</summary>
public sealed record CatalogFacility(
    string Id,
    FacilityKind Kind,
    string Name,
    string? NameEn,
    int Capacity,
    IReadOnlyDictionary<string, string[][]>? OpeningHours,
    IReadOnlyList<ZoneDefinition>? Zones,
    double? QuietBelow = null,
    double? NearlyFullFrom = null)
{
    public FacilityDefinition ToDefinition(string siteId) =>
        new(siteId, Kind, Name, Capacity, NameEn, OpeningHours, Zones, QuietBelow, NearlyFullFrom);
}
