namespace Occupancy.Grains.Canteens;

/// <summary>
/// What an administrator sets for a canteen: the snapshot's fields less the live ones. <see cref="ClosedDates"/> are
/// local dates it serves no meal (no senior is expected then); <see cref="AlertGraceMinutes"/> is how long after a
/// meal's end an absent regular is alerted (default <see cref="DefaultAlertGraceMinutes"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("CanteenDefinition")]
public sealed record CanteenDefinition(
    [property: Id(0)] string SiteId,
    [property: Id(1)] string Name,
    [property: Id(3)] IReadOnlyList<MealHours> MealHours,
    [property: Id(4)] IReadOnlyList<TableDefinition> Tables,
    [property: Id(2)] string? NameEn = null,
    [property: Id(5)] double? QuietBelow = null,
    [property: Id(6)] double? NearlyFullFrom = null,
    [property: Id(7)] IReadOnlyList<DateOnly>? ClosedDates = null,
    [property: Id(8)] int? AlertGraceMinutes = null)
{
    public const int DefaultAlertGraceMinutes = 30;
    public const int MaxClosedDates = 366;
    public const int MaxAlertGraceMinutes = 240;

    public TimeSpan AlertGrace => TimeSpan.FromMinutes(AlertGraceMinutes ?? DefaultAlertGraceMinutes);

    /// <summary>Whether the canteen serves <paramref name="meal"/> on the local <paramref name="date"/>.</summary>
    public bool Serves(Meal meal, DateOnly date) =>
        MealHours.Any(m => m.Meal == meal) && !(ClosedDates ?? []).Contains(date);

    public LevelThresholds Thresholds => new(QuietBelow ?? LevelThresholds.Default.QuietBelow, NearlyFullFrom ?? LevelThresholds.Default.NearlyFullFrom);

    public Problem? Validate()
    {
        if (!Ids.IsValid(SiteId)) return Problem.InvalidId("siteId");
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100) return Problem.Invalid("name", "name is required (at most 100 characters).");
        if (NameEn is { Length: > 100 }) return Problem.Invalid("nameEn", "nameEn has at most 100 characters.");
        if (MealHours is null || MealHours.Count > 10) return Problem.Invalid("mealHours", "mealHours is required (at most 10 entries).");
        if (MealHours.Any(m => m is null || !Enum.IsDefined(m.Meal) || !DailyHours.IsValidRange(m.From, m.To)))
            return Problem.Invalid("mealHours", "Each meal needs a meal (breakfast, lunch, dinner) and HH:mm times, ending after it starts.");
        if (Tables is null || Tables.Count is < 1 or > 500) return Problem.Invalid("tables", "A canteen has 1 to 500 tables.");
        if (Tables.Any(t => t is null || !Ids.IsValid(t.Id))) return Problem.Invalid("tables", "Every table needs a valid id.");
        if (Tables.Select(t => t.Id).Distinct().Count() != Tables.Count) return Problem.Invalid("tables", "Table ids must be unique.");
        if (Tables.Any(t => t.Seats is < 1 or > 100)) return Problem.Invalid("tables", "Every table has 1 to 100 seats.");
        if (ClosedDates is { Count: > MaxClosedDates } || ClosedDates?.Any(d => d == default) == true)
            return Problem.Invalid("closedDates", $"closedDates lists at most {MaxClosedDates} dates (YYYY-MM-DD).");
        if (AlertGraceMinutes is < 0 or > MaxAlertGraceMinutes)
            return Problem.Invalid("alertGraceMinutes", $"alertGraceMinutes must be between 0 and {MaxAlertGraceMinutes}.");
        return Thresholds.Validate();
    }
}
