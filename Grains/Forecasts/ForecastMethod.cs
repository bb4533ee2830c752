namespace Occupancy.Grains.Forecasts;

/// <summary>
/// How a forecast was made: the usual curve adjusted by how today compares so far, the plain usual curve, or nothing
/// (no history of the same weekday in the last eight weeks).
/// </summary>
public enum ForecastMethod
{
    AdjustedToToday,
    UsualCurve,
    NoHistory,
}
