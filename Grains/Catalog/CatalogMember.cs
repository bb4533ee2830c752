namespace Occupancy.Grains.Catalog;

/// <summary>A demo member, in the fields of the contract's member profile; <see cref="Family"/> lists who may book for them.</summary>
public sealed record CatalogMember(
    string Id,
    string Name,
    string Phone,
    string HomeSiteId,
    string AgeGroup,
    bool Resident,
    CatalogAnnualCard? AnnualCard,
    IReadOnlyList<string> Family);
