using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Forecasts;

/// <summary>What a forecast needs to know of a facility or canteen now.</summary>
public sealed record ForecastPlace(
    string Id,
    SitePartKind Kind,
    string SiteId,
    string TimeZone,
    int Capacity,
    int Occupied,
    LevelThresholds Thresholds,
    Func<DateOnly, DayOpening> Opening);
