using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Stats;

/// <summary>
/// One part's day. Readings are one-way and may arrive in any order, so nothing here depends on arrival order:
/// each hour keeps its peak and its newest reading (by the part's version), and the value a quiet hour carries
/// on is worked out when the day is read.
/// </summary>
[GenerateSerializer, Alias("PartDayState")]
internal sealed class PartDayState
{
    [Id(0)] public SitePartKind Kind { get; set; }

    /// <summary>The highest reading seen within each local hour.</summary>
    [Id(1)] public int[] Hourly { get; set; } = new int[24];

    // [Id(2)] and [Id(3)] held the last reading by arrival; they are not read any more.

    /// <summary>The version of each hour's newest reading, 0 for an hour without one.</summary>
    [Id(4)] public long[] NewestVersion { get; set; } = new long[24];

    /// <summary>Each hour's newest reading: what the place held as the hour ended, unless a later hour says otherwise.</summary>
    [Id(5)] public int[] NewestOccupied { get; set; } = new int[24];

    /// <summary>
    /// A made-up day of hourly peaks. Each hour's newest reading is the lower of its peak and the next hour's, so what
    /// an hour carries on never raises the next one above its own peak.
    /// </summary>
    public static PartDayState Generated(SitePartKind kind, int[] hourly)
    {
        var day = new PartDayState { Kind = kind, Hourly = hourly.Select(v => Math.Max(0, v)).ToArray() };
        for (var h = 0; h < 24; h++)
        {
            day.NewestVersion[h] = 1;
            day.NewestOccupied[h] = h < 23 ? Math.Min(day.Hourly[h], day.Hourly[h + 1]) : 0;
        }
        return day;
    }

    /// <param name="version">The part's snapshot version at the reading; it only grows, so the largest is the newest.</param>
    public void Record(int hour, int occupied, long version)
    {
        Hourly[hour] = Math.Max(Hourly[hour], occupied);
        if (version < NewestVersion[hour]) return;
        NewestVersion[hour] = Math.Max(1, version);
        NewestOccupied[hour] = occupied;
    }

    /// <summary>
    /// The 24 hourly peaks: an hour held at least what the place held as it began (the newest reading of the latest
    /// earlier hour with one), carried on through <paramref name="throughHour"/>.
    /// </summary>
    public int[] Through(int throughHour)
    {
        var hourly = (int[])Hourly.Clone();
        int? held = null;
        for (var h = 0; h < 24; h++)
        {
            var reported = NewestVersion[h] > 0;
            if (held is { } carried && (reported || h <= throughHour)) hourly[h] = Math.Max(hourly[h], carried);
            if (reported) held = NewestOccupied[h];
        }
        return hourly;
    }
}
