namespace Occupancy.Grains.Sites;

/// <summary>A site as the list of sites shows it.</summary>
[GenerateSerializer, Immutable, Alias("SiteSummary")]
public sealed record SiteSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? NameEn,
    [property: Id(3)] string? District,
    [property: Id(4)] string TimeZone);
