using Occupancy.Grains.Stats;

namespace Occupancy.Grains.Tests.Stats;

/// <summary>The changes of one write reach the day's history as a few readings, and the day comes out the same as from all of them.</summary>
public sealed class PartReadingTests
{
    private static readonly DateTimeOffset TenAm = new(2026, 11, 30, 10, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void A_writes_readings_give_the_same_day_as_every_change_reported_alone()
    {
        // A burst around 11:00 in Ningbo: up to 9 at 10:59, down to 3; then 7 and 2 after 11:00.
        PartReading[] changes =
        [
            new(TenAm.AddMinutes(58), 4, 11, 4), new(TenAm.AddMinutes(59), 9, 12, 5), new(TenAm.AddMinutes(59.5), 3, 13, 0),
            new(TenAm.AddMinutes(60.2), 7, 14, 4), new(TenAm.AddMinutes(60.4), 2, 15, 0),
        ];

        var coalesced = PartReading.Coalesce(changes, "Asia/Shanghai").ToArray();

        Assert.True(coalesced.Length < changes.Length);
        Assert.Equal(Day(changes).Through(23), Day(coalesced).Through(23));
        Assert.Equal(9, Day(coalesced).Through(23)[10]);
        Assert.Equal(7, Day(coalesced).Through(23)[11]);
        Assert.Equal(2, Day(coalesced).Through(23)[12]);
    }

    private static PartDayState Day(IEnumerable<PartReading> readings)
    {
        var day = new PartDayState();
        foreach (var r in readings) day.Record(LocalDates.Local(r.At, "Asia/Shanghai").Hour, r.Occupied, r.Version);
        return day;
    }
}
