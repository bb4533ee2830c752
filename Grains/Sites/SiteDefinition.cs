namespace Occupancy.Grains.Sites;

/// <summary>What an administrator sets for a community complex.</summary>
[GenerateSerializer, Immutable, Alias("SiteDefinition")]
public sealed record SiteDefinition(
    [property: Id(0)] string Name,
    [property: Id(3)] string TimeZone,
    [property: Id(1)] string? NameEn = null,
    [property: Id(2)] string? District = null)
{
    public Problem? Validate()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100) return Problem.Invalid("name", "name is required (at most 100 characters).");
        if (NameEn is { Length: > 100 }) return Problem.Invalid("nameEn", "nameEn has at most 100 characters.");
        if (District is { Length: > 100 }) return Problem.Invalid("district", "district has at most 100 characters.");
        if (DailyHours.FindZone(TimeZone) is null) return Problem.Invalid("timeZone", "timeZone must be an IANA time zone such as Asia/Shanghai.");
        return null;
    }
}
