using Occupancy.Grains.Canteens;

namespace Occupancy.Grains.Catalog;

/// <summary>A canteen of the demo catalog: a <see cref="CanteenDefinition"/> with its id; the site is the enclosing one.</summary>
public sealed record CatalogCanteen(
    string Id,
    string Name,
    string? NameEn,
    IReadOnlyList<MealHours> MealHours,
    IReadOnlyList<TableDefinition> Tables,
    double? QuietBelow = null,
    double? NearlyFullFrom = null)
{
    public CanteenDefinition ToDefinition(string siteId) =>
        new(siteId, Name, MealHours, Tables, NameEn, QuietBelow, NearlyFullFrom);
}
