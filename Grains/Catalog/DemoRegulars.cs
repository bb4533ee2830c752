using Occupancy.Grains.Canteens;
using Occupancy.Grains.Canteens.Visits;

namespace Occupancy.Grains.Catalog;

/// <summary>The visits of a demo regular, relative to the seeding day: each meal recorded at the time it starts.</summary>
public static class DemoRegulars
{
    /// <summary>Four weeks: the look-back of "3 of the last 4 same weekdays".</summary>
    public const int Days = 28;

    public static IReadOnlyList<MemberVisit> Visits(CatalogRegular regular, string siteId, IReadOnlyList<MealHours> mealHours, TimeZoneInfo zone, DateOnly today) =>
        (from ago in Enumerable.Range(0, Days + 1)
         where (ago > 0 || regular.CameToday) && !regular.SkipDaysAgo.Contains(ago)
         let date = today.AddDays(-ago)
         from hours in mealHours
         where regular.Meals.Contains(hours.Meal)
         orderby date, hours.Meal
         select new MemberVisit(regular.CanteenId, siteId, date, hours.Meal, At(date, hours.From, zone))).ToArray();

    private static DateTimeOffset At(DateOnly date, string from, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue).AddMinutes(DailyHours.Minutes(from));
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
