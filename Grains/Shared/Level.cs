namespace Occupancy.Grains;

/// <summary>How full a place looks to a resident at the door.</summary>
public enum Level
{
    Closed,
    Quiet,
    Busy,
    NearlyFull,
    Full,
}
