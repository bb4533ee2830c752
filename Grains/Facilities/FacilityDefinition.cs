namespace Occupancy.Grains.Facilities;

/// <summary>What an administrator sets for a facility: the snapshot's fields less the live ones.</summary>
[GenerateSerializer, Immutable, Alias("FacilityDefinition")]
public sealed record FacilityDefinition(
    [property: Id(0)] string SiteId,
    [property: Id(1)] FacilityKind Kind,
    [property: Id(2)] string Name,
    [property: Id(4)] int Capacity,
    [property: Id(3)] string? NameEn = null,
    [property: Id(5)] IReadOnlyDictionary<string, string[][]>? OpeningHours = null,
    [property: Id(6)] IReadOnlyList<ZoneDefinition>? Zones = null,
    [property: Id(7)] double? QuietBelow = null,
    [property: Id(8)] double? NearlyFullFrom = null)
{
    public LevelThresholds Thresholds => new(QuietBelow ?? LevelThresholds.Default.QuietBelow, NearlyFullFrom ?? LevelThresholds.Default.NearlyFullFrom);

    public Problem? Validate()
    {
        if (!Ids.IsValid(SiteId)) return Problem.InvalidId("siteId");
        if (!Enum.IsDefined(Kind)) return Problem.Invalid("kind", "kind is not a known facility kind.");
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100) return Problem.Invalid("name", "name is required (at most 100 characters).");
        if (NameEn is { Length: > 100 }) return Problem.Invalid("nameEn", "nameEn has at most 100 characters.");
        if (Capacity is < 1 or > 100_000) return Problem.Invalid("capacity", "capacity must be between 1 and 100000.");
        if (OpeningHours is not null)
        {
            foreach (var (day, ranges) in OpeningHours)
            {
                if (!DailyHours.Days.Contains(day)) return Problem.Invalid("openingHours", $"'{day}' is not a day (mon … sun).");
                if (ranges is null || ranges.Length > 10 || ranges.Any(r => r is not { Length: 2 } || !DailyHours.IsValidRange(r[0], r[1])))
                    return Problem.Invalid("openingHours", $"Hours of '{day}' must be [\"HH:mm\", \"HH:mm\"] pairs (at most 10), each ending after it starts.");
            }
        }
        if (Zones is not null)
        {
            if (Zones.Count > 50) return Problem.Invalid("zones", "A facility has at most 50 zones.");
            if (Zones.Any(z => z is null || !Ids.IsValid(z.Id))) return Problem.Invalid("zones", "Every zone needs a valid id.");
            if (Zones.Select(z => z.Id).Distinct().Count() != Zones.Count) return Problem.Invalid("zones", "Zone ids must be unique.");
            if (Zones.Any(z => string.IsNullOrWhiteSpace(z.Name) || z.Name.Length > 100 || z.NameEn is { Length: > 100 }))
                return Problem.Invalid("zones", "Every zone needs a name (name and nameEn at most 100 characters).");
            if (Zones.Any(z => z.Capacity is < 1 or > 100_000)) return Problem.Invalid("zones", "Every zone's capacity must be between 1 and 100000.");
        }
        return Thresholds.Validate();
    }
}
