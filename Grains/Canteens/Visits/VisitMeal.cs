namespace Occupancy.Grains.Canteens.Visits;

/// <summary>The meal of a local day a visit counts for.</summary>
public sealed record MealOfDay(DateOnly Date, Meal Meal);

/// <summary>
/// Which meal a visit counts for: the one a canteen serves at the site's local time now, or the one staff name when
/// they record late (today's meal once it has started, or a meal of the last <see cref="LateDays"/> days).
/// </summary>
public static class VisitMeal
{
    /// <summary>How far back staff may record a visit they missed at the desk.</summary>
    public const int LateDays = 7;

    public static Outcome<MealOfDay> Decide(IReadOnlyList<MealHours> hours, DateTime localNow, Meal? meal, DateOnly? date)
    {
        var today = DateOnly.FromDateTime(localNow);
        var minute = localNow.Hour * 60 + localNow.Minute;
        if (meal is null)
        {
            if (date is not null) return Problem.Invalid("meal", "Name the meal when recording a visit of another day.");
            var now = hours.FirstOrDefault(m => minute >= DailyHours.Minutes(m.From) && minute < DailyHours.Minutes(m.To));
            return now is null
                ? new Problem(ProblemCodes.InvalidState, $"No meal is served now ({localNow:HH:mm} local; {Describe(hours)}). "
                    + "Name the meal to record a late visit.")
                : new MealOfDay(today, now.Meal);
        }
        if (!Enum.IsDefined(meal.Value)) return Problem.Invalid("meal", "meal is breakfast, lunch or dinner.");
        var served = hours.FirstOrDefault(m => m.Meal == meal);
        if (served is null) return Problem.Invalid("meal", $"This canteen does not serve {Name(meal.Value)} ({Describe(hours)}).");
        var day = date ?? today;
        if (day > today) return Problem.Invalid("date", "A visit cannot be recorded for a day to come.");
        if (day < today.AddDays(-LateDays)) return Problem.Invalid("date", $"A late visit is recorded within {LateDays} days.");
        if (day == today && minute < DailyHours.Minutes(served.From))
            return new Problem(ProblemCodes.InvalidState, $"Today's {Name(meal.Value)} starts at {served.From}: no visit for it yet.");
        return new MealOfDay(day, meal.Value);
    }

    private static string Name(Meal meal) => meal.ToString().ToLowerInvariant();

    private static string Describe(IReadOnlyList<MealHours> hours) =>
        hours.Count == 0 ? "no meal hours are set" : string.Join(", ", hours.Select(m => $"{Name(m.Meal)} {m.From}–{m.To}"));
}
