namespace Occupancy.Grains.Catalog;

/// <summary>A demo member's card number and PIN (public on purpose: demo data, listed in the README).</summary>
public sealed record CatalogResidentCard(string MemberId, string CardNumber, string Pin);
