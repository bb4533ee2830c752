namespace Occupancy.Grains.Sessions;

/// <summary>A session listed on one site's local date.</summary>
[GenerateSerializer, Immutable, Alias("CalendarEntry")]
public sealed record CalendarEntry(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string FacilityId,
    [property: Id(2)] DateTimeOffset StartsAt)
{
    /// <summary>The key of the calendar grain of a site's local date.</summary>
    public static string CalendarKey(string siteId, DateOnly date) => $"{siteId}/{date:yyyy-MM-dd}";
}
