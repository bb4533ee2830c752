namespace Occupancy.Grains.Alerts;

/// <summary>Why a senior was expected at a meal.</summary>
public enum ExpectedBecause
{
    /// <summary>They booked a sitting of that meal.</summary>
    Booked,

    /// <summary>They came for that meal on enough of the last same weekdays.</summary>
    Regular,
}
