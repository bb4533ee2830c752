using System.Text.RegularExpressions;
using Occupancy.Grains.Catalog;

namespace Occupancy.Grains.Members;

/// <summary>
/// A resident as staff register them (the body of PUT /api/members/{id}). <see cref="AgeGroup"/>,
/// <see cref="Resident"/> and <see cref="AnnualCard"/> decide eligibility and are set by staff only;
/// <see cref="Family"/> lists the members who may book for this one.
/// </summary>
[GenerateSerializer, Immutable, Alias("MemberProfile")]
public sealed partial record MemberProfile(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Phone = null,
    [property: Id(2)] string? HomeSiteId = null,
    [property: Id(3)] AgeGroup? AgeGroup = null,
    [property: Id(4)] bool Resident = false,
    [property: Id(5)] AnnualCard? AnnualCard = null,
    [property: Id(6)] IReadOnlyList<string>? Family = null)
{
    public const int MaxFamily = 10;

    [GeneratedRegex(@"^\+?[0-9]{5,20}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneShape();

    public static bool IsValidPhone(string? phone) => phone is not null && PhoneShape().IsMatch(phone);

    public Problem? Validate(string memberId)
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100) return Problem.Invalid("name", "name is required (at most 100 characters).");
        if (Phone is not null && !IsValidPhone(Phone)) return Problem.Invalid("phone", "phone has 5 to 20 digits, optionally after a +.");
        if (HomeSiteId is not null && !Ids.IsValid(HomeSiteId)) return Problem.InvalidId("homeSiteId");
        if (AgeGroup is { } group && !Enum.IsDefined(group)) return Problem.Invalid("ageGroup", "ageGroup is senior, adult or child.");
        if (AnnualCard is { } card && (!Ids.IsValid(card.SiteId) || card.ValidUntil == default))
            return Problem.Invalid("annualCard", "annualCard needs a valid siteId and validUntil (YYYY-MM-DD).");
        if (Family is not null)
        {
            if (Family.Count > MaxFamily) return Problem.Invalid("family", $"family lists at most {MaxFamily} members.");
            if (Family.Any(id => !Ids.IsValid(id) || id == memberId)) return Problem.Invalid("family", "family lists valid member ids other than the member's own.");
        }
        return null;
    }

    /// <summary>Whether two profiles differ in what decides eligibility (which only staff may change).</summary>
    public bool SameEligibilityAs(MemberProfile? other) =>
        AgeGroup == other?.AgeGroup && Resident == (other?.Resident ?? false) && AnnualCard == other?.AnnualCard;

    public IReadOnlyList<string> FamilyOrEmpty => Family ?? [];

    public static MemberProfile FromCatalog(CatalogMember m) => new(
        m.Name, m.Phone, m.HomeSiteId, Enum.Parse<AgeGroup>(m.AgeGroup, ignoreCase: true), m.Resident,
        m.AnnualCard is { } card ? new AnnualCard(card.SiteId, card.ValidUntil) : null, m.Family);
}
