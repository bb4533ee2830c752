using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Stats;

/// <summary>One part's day: the peak of each local hour, and the last reading so quiet hours carry it on.</summary>
[GenerateSerializer, Alias("PartDayState")]
internal sealed class PartDayState
{
    [Id(0)] public SitePartKind Kind { get; set; }
    [Id(1)] public int[] Hourly { get; set; } = new int[24];
    /// <summary>The hour of the latest reading, -1 before the first.</summary>
    [Id(2)] public int LastHour { get; set; } = -1;
    [Id(3)] public int LastOccupied { get; set; }

    public void Record(int hour, int occupied)
    {
        if (hour >= LastHour)
        {
            // Nobody reported in the hours between: the place held what it held at the last reading.
            for (var h = Math.Max(0, LastHour); h < hour; h++) Hourly[h] = Math.Max(Hourly[h], LastOccupied);
            Hourly[hour] = Math.Max(Hourly[hour], Math.Max(LastOccupied, occupied));
            LastHour = hour;
            LastOccupied = occupied;
        }
        else
        {
            // A late reading for an earlier hour still counts for that hour's peak.
            Hourly[hour] = Math.Max(Hourly[hour], occupied);
        }
    }

    public int[] Through(int throughHour)
    {
        var hourly = (int[])Hourly.Clone();
        if (LastHour < 0) return hourly;
        for (var h = LastHour + 1; h <= Math.Min(23, throughHour); h++) hourly[h] = Math.Max(hourly[h], LastOccupied);
        return hourly;
    }
}
