using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Forecasts;

/// <summary>
/// The body of <c>GET /api/facilities/{id}/forecast</c> and <c>GET /api/canteens/{id}/forecast</c>: the rest of the
/// place's local day hour by hour and the next quiet time (local "HH:mm" and the instant, null when none is expected
/// before midnight). <see cref="TodayRatio"/> is how today compares with usual so far (1 a usual day);
/// <see cref="UsualDays"/> how many of the previous eight same weekdays had history, <see cref="GeneratedDays"/> how many
/// of those the demo's history generator made up. Computed on each read: it has no version.
/// </summary>
[GenerateSerializer, Immutable, Alias("PlaceForecast")]
public sealed record PlaceForecast(
    [property: Id(0)] string Id,
    [property: Id(1)] SitePartKind Kind,
    [property: Id(2)] string SiteId,
    [property: Id(3)] DateOnly Date,
    [property: Id(4)] string TimeZone,
    [property: Id(5)] int Capacity,
    [property: Id(6)] int Occupied,
    [property: Id(7)] ForecastMethod Method,
    [property: Id(8)] double TodayRatio,
    [property: Id(9)] int UsualDays,
    [property: Id(10)] int GeneratedDays,
    [property: Id(11)] IReadOnlyList<ForecastHour> Hours,
    [property: Id(12)] string? NextQuietTime,
    [property: Id(13)] DateTimeOffset? NextQuietAt,
    [property: Id(14)] DateTimeOffset ComputedAt);
