namespace Occupancy.Grains.Catalog;

/// <summary>A demo senior whose consent to absence alerts the catalog records (as staff at the desk would, with a note).</summary>
public sealed record CatalogAbsenceWatch(string MemberId, string? Note = null);
