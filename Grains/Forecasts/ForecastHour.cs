namespace Occupancy.Grains.Forecasts;

/// <summary>
/// One local hour of the rest of today: its expected peak occupancy and the usual one (both null without history), and
/// the level that expectation would show (closed when the place is not open during the hour).
/// </summary>
[GenerateSerializer, Immutable, Alias("ForecastHour")]
public sealed record ForecastHour(
    [property: Id(0)] int Hour,
    [property: Id(1)] string From,
    [property: Id(2)] double? Expected,
    [property: Id(3)] double? Usual,
    [property: Id(4)] Level Level);
