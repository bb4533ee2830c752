namespace Occupancy.Grains.Stats;

/// <summary>
/// How long hourly history is kept: each site-day is its own small grain state, and a day older than this
/// is refused and deleted, so history never grows without bound.
/// </summary>
public static class HistoryRetention
{
    public const int Days = 400;

    public static bool IsPast(DateOnly date, DateOnly today) => date < today.AddDays(-Days);
}
