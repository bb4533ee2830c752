namespace Occupancy.Grains.Catalog;

/// <summary>A resident's annual card for one site's facilities, valid through a local date.</summary>
public sealed record CatalogAnnualCard(string SiteId, DateOnly ValidUntil);
