namespace Occupancy.Grains.Catalog;

/// <summary>Who may book a schedule's sessions; ages are <c>senior</c>, <c>adult</c> or <c>child</c>.</summary>
public sealed record CatalogEligibility(IReadOnlyList<string> AgeGroups, bool AnnualCardRequired, bool ResidentsOnly);
