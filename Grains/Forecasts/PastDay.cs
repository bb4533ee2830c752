namespace Occupancy.Grains.Forecasts;

/// <summary>A place's 24 hourly peaks on one earlier day, and whether the demo's generator made them up.</summary>
public sealed record PastDay(int[] Hourly, bool Generated);
