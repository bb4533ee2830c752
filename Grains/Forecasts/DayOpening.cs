using Occupancy.Grains.Canteens;

namespace Occupancy.Grains.Forecasts;

/// <summary>When a place is open on one local day: minute ranges from local midnight, [from, to).</summary>
public sealed class DayOpening
{
    private readonly (int From, int To)[] _ranges;

    private DayOpening((int From, int To)[] ranges) => _ranges = ranges;

    public static DayOpening AllDay { get; } = new([(0, 1440)]);

    /// <summary>A facility's hours on the weekday of <paramref name="date"/>; open all day when it has no hours set.</summary>
    public static DayOpening ForFacility(IReadOnlyDictionary<string, string[][]>? openingHours, DateOnly date) =>
        openingHours is null
            ? AllDay
            : new(openingHours.TryGetValue(DailyHours.Days[(int)date.DayOfWeek], out var ranges)
                ? ranges.Select(r => (DailyHours.Minutes(r[0]), DailyHours.Minutes(r[1]))).ToArray()
                : []);

    /// <summary>A canteen is open while it serves a meal, as its screen shows it.</summary>
    public static DayOpening ForCanteen(IReadOnlyList<MealHours> meals) =>
        new(meals.Select(m => (DailyHours.Minutes(m.From), DailyHours.Minutes(m.To))).ToArray());

    public bool IsOpenAt(int minute) => _ranges.Any(r => minute >= r.From && minute < r.To);

    /// <summary>Open for at least a minute of the local hour.</summary>
    public bool IsOpenDuring(int hour) => _ranges.Any(r => r.From < (hour + 1) * 60 && r.To > hour * 60);
}
