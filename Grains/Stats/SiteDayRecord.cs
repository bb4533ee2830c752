namespace Occupancy.Grains.Stats;

/// <summary>
/// What a site-day holds: its totals and the hourly peaks of every part that reported that day; <see cref="Generated"/>
/// when the demo's history generator made the hours up.
/// </summary>
[GenerateSerializer, Immutable, Alias("SiteDayRecord")]
public sealed record SiteDayRecord(
    [property: Id(0)] SiteDayTotals Totals,
    [property: Id(1)] IReadOnlyList<PartHours> Parts,
    [property: Id(2)] bool Generated = false);
