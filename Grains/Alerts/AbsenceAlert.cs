using System.Globalization;
using Occupancy.Grains.Canteens;

namespace Occupancy.Grains.Alerts;

/// <summary>
/// One senior who was expected at a canteen's meal and did not come. <see cref="Id"/> is stable for that absence
/// (<c>{canteenId}/{date}/{meal}/{memberId}</c>), so a check that runs again raises nothing new. The name and phone are
/// there so staff can call; only staff of the site and the senior's family ever see an alert.
/// </summary>
[GenerateSerializer, Immutable, Alias("AbsenceAlert")]
public sealed record AbsenceAlert(
    [property: Id(0)] string Id,
    [property: Id(1)] string SiteId,
    [property: Id(2)] string CanteenId,
    [property: Id(3)] string CanteenName,
    [property: Id(4)] DateOnly Date,
    [property: Id(5)] Meal Meal,
    [property: Id(6)] string MemberId,
    [property: Id(7)] string MemberName,
    [property: Id(8)] string? Phone,
    [property: Id(9)] ExpectedBecause ExpectedBecause,
    [property: Id(10)] DateTimeOffset RaisedAt,
    [property: Id(11)] AlertStatus Status,
    [property: Id(12)] DateTimeOffset? EscalatedAt,
    [property: Id(13)] Acknowledgement? Acknowledgement,
    [property: Id(14)] long Version,
    [property: Id(15)] DateTimeOffset UpdatedAt)
{
    public static string IdOf(string canteenId, DateOnly date, Meal meal, string memberId) =>
        $"{canteenId}/{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}/{meal.ToString().ToLowerInvariant()}/{memberId}";

    public bool IsOpen => Status != AlertStatus.Closed;
}
