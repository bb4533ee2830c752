namespace Occupancy.Grains;

/// <summary>What every place's stored state has: its site's time zone, whether it is open, and its version.</summary>
internal interface IPlaceState
{
    string TimeZone { get; set; }

    bool Open { get; set; }

    long Version { get; set; }

    DateTimeOffset UpdatedAt { get; set; }
}
