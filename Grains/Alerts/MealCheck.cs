using Occupancy.Grains.Canteens;

namespace Occupancy.Grains.Alerts;

/// <summary>One check to run: a canteen's meal on a local date, due at the meal's end plus the canteen's grace.</summary>
[GenerateSerializer, Immutable, Alias("MealCheck")]
public sealed record MealCheck(
    [property: Id(0)] string CanteenId,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] Meal Meal,
    [property: Id(3)] DateTimeOffset DueAt)
{
    public string Key => $"{CanteenId}/{Date:yyyy-MM-dd}/{Meal}";

    /// <summary>
    /// The checks of <paramref name="canteens"/> that fell due in (<paramref name="since"/>, <paramref name="now"/>]:
    /// each meal's local end on today and the days before, plus the canteen's grace, in the site's time zone.
    /// </summary>
    public static IReadOnlyList<MealCheck> DueBetween(
        IEnumerable<(string Id, CanteenDefinition Definition)> canteens, TimeZoneInfo zone, DateTimeOffset since, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var due = new List<MealCheck>();
        foreach (var (id, definition) in canteens)
        {
            foreach (var hours in definition.MealHours)
            {
                for (var back = 0; back <= 2; back++)
                {
                    var date = today.AddDays(-back);
                    var at = EndOf(date, hours.To, zone) + definition.AlertGrace;
                    if (at > since && at <= now) due.Add(new MealCheck(id, date, hours.Meal, at));
                }
            }
        }
        return due.OrderBy(c => c.DueAt).ToArray();
    }

    /// <summary>The next instant after <paramref name="now"/> a check of <paramref name="canteens"/> falls due (within two days), or null.</summary>
    public static DateTimeOffset? Next(IEnumerable<(string Id, CanteenDefinition Definition)> canteens, TimeZoneInfo zone, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        DateTimeOffset? next = null;
        foreach (var (_, definition) in canteens)
        {
            foreach (var hours in definition.MealHours)
            {
                for (var ahead = 0; ahead <= 1; ahead++)
                {
                    var at = EndOf(today.AddDays(ahead), hours.To, zone) + definition.AlertGrace;
                    if (at > now && (next is null || at < next)) next = at;
                }
            }
        }
        return next;
    }

    private static DateTimeOffset EndOf(DateOnly date, string to, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue).AddMinutes(DailyHours.Minutes(to));
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(1);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }
}
