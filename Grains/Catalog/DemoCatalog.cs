using System.Text.Json;
using System.Text.Json.Serialization;

namespace Occupancy.Grains.Catalog;

/// <summary>
/// The demo content of the Ningbo complexes (sites, facilities, canteens, schedules, members), read from the
/// embedded data file <c>demo-catalog.json</c>, with the demo staff accounts and residents' cards to sign in with.
/// </summary>
public sealed record DemoCatalog(
    IReadOnlyList<CatalogSite> Sites,
    IReadOnlyList<CatalogMember> Members,
    IReadOnlyList<CatalogStaff>? Staff = null,
    IReadOnlyList<CatalogResidentCard>? ResidentCards = null,
    IReadOnlyList<CatalogRegular>? Regulars = null,
    IReadOnlyList<CatalogAbsenceWatch>? AbsenceWatches = null)
{
    public const string ResourceName = "demo-catalog.json";

    // Strict on top of the contract's JSON: a typo or a missing field in the hand-written file fails loudly at load.
    private static readonly JsonSerializerOptions Strict = new(OccupancyJson.Options)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static DemoCatalog Load()
    {
        using var stream = typeof(DemoCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidDataException($"The embedded resource '{ResourceName}' is missing.");
        return Parse(stream);
    }

    public IReadOnlyList<CatalogStaff> StaffOrEmpty => Staff ?? [];

    public IReadOnlyList<CatalogResidentCard> ResidentCardsOrEmpty => ResidentCards ?? [];

    public IReadOnlyList<CatalogRegular> RegularsOrEmpty => Regulars ?? [];

    public IReadOnlyList<CatalogAbsenceWatch> AbsenceWatchesOrEmpty => AbsenceWatches ?? [];

    public static DemoCatalog Parse(Stream json) =>
        JsonSerializer.Deserialize<DemoCatalog>(json, Strict) ?? throw new InvalidDataException("The demo catalog is empty.");
}
