namespace Occupancy.Grains.Sessions;

/// <summary>Which sessions to list: of a site or a facility (at least one), between two local dates (inclusive).</summary>
[GenerateSerializer, Immutable, Alias("SessionQuery")]
public sealed record SessionQuery(
    [property: Id(0)] string? SiteId = null,
    [property: Id(1)] string? FacilityId = null,
    [property: Id(2)] DateOnly? From = null,
    [property: Id(3)] DateOnly? To = null)
{
    /// <summary>The longest range one listing covers.</summary>
    public const int MaxDays = 31;

    /// <summary>Without dates: today and the six days after it (a week).</summary>
    public const int DefaultDays = 7;
}
