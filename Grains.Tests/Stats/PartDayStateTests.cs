using Occupancy.Grains.Stats;

namespace Occupancy.Grains.Tests.Stats;

/// <summary>
/// A part's hourly history is the same whatever order its one-way readings arrive in: the gym's 10:00 peak and
/// what a quiet 11:00 carries on come from the readings and their versions, not from which came last.
/// </summary>
public sealed class PartDayStateTests
{
    // (hour, occupied, version): 30 people at 10:05, 12 at 10:40, then nobody reports until 13:00.
    private static readonly (int Hour, int Occupied, long Version)[] Readings = [(10, 30, 7), (10, 12, 8), (13, 20, 9), (9, 5, 6)];

    [Fact]
    public void Every_arrival_order_gives_the_same_day()
    {
        var expected = Day(Readings).Through(23);

        foreach (var order in Permutations(Readings))
        {
            Assert.Equal(expected, Day(order).Through(23));
        }
        Assert.Equal(5, expected[9]);
        Assert.Equal(30, expected[10]);
        Assert.Equal(12, expected[11]); // held what 10:40 left, not the 10:05 peak
        Assert.Equal(12, expected[12]);
        Assert.Equal(20, expected[13]);
        Assert.Equal(20, expected[23]);
        Assert.Equal(0, expected[8]);
    }

    [Fact]
    public void A_late_older_reading_for_the_same_hour_keeps_the_peak_but_not_the_carry()
    {
        var day = Day([(10, 12, 8), (10, 30, 7)]);

        var hourly = day.Through(23);

        Assert.Equal(30, hourly[10]);
        Assert.Equal(12, hourly[11]);
    }

    [Fact]
    public void Today_carries_the_last_reading_only_through_the_current_hour()
    {
        var hourly = Day([(10, 12, 1)]).Through(throughHour: 14);

        Assert.Equal([12, 12, 12, 12, 12, 0], hourly[10..16]);
    }

    private static PartDayState Day(IEnumerable<(int Hour, int Occupied, long Version)> readings)
    {
        var day = new PartDayState();
        foreach (var (hour, occupied, version) in readings) day.Record(hour, occupied, version);
        return day;
    }

    private static IEnumerable<T[]> Permutations<T>(T[] items) =>
        items.Length <= 1
            ? [items]
            : items.SelectMany((item, i) => Permutations(items.Where((_, j) => j != i).ToArray()).Select(rest => (T[])[item, .. rest]));
}
