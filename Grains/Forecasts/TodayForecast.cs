namespace Occupancy.Grains.Forecasts;

/// <summary>
/// The rest of today from the usual curve and the day so far. A day runs busier or quieter than usual as a whole
/// (rain, a holiday, a school trip), so the usual curve is scaled by how the hours already over compare with their usual,
/// and the later an hour, the more its expectation falls back toward the usual: the day so far says less about it.
/// </summary>
public static class TodayForecast
{
    /// <summary>How much of the day's difference from usual carries on to each following hour.</summary>
    public const double Carry = 0.9;

    /// <summary>
    /// The usual of this many average open hours is added to both sides of the comparison, so the first hour of the day
    /// (or a place whose usual is nearly empty) moves the forecast only a little.
    /// </summary>
    public const double PriorHours = 1.0;

    public const double MinRatio = 0.2;
    public const double MaxRatio = 3.0;

    /// <summary>
    /// How today compares with usual over the open hours before <paramref name="currentHour"/>: 1 is a usual day, 0.5 half
    /// as full. 1 without evidence (no record of today, or no usual).
    /// </summary>
    public static double Ratio(IReadOnlyList<double?> usual, IReadOnlyList<int>? today, int currentHour, DayOpening opening, double priorHours = PriorHours)
    {
        if (today is null) return 1;
        double seen = 0, expected = 0, usualTotal = 0;
        var openHours = 0;
        for (var h = 0; h < 24; h++)
        {
            if (!opening.IsOpenDuring(h) || usual[h] is not { } u) continue;
            usualTotal += u;
            openHours++;
            if (h >= currentHour) continue;
            seen += today[h];
            expected += u;
        }
        if (openHours == 0 || usualTotal <= 0) return 1;
        var prior = priorHours * usualTotal / openHours;
        return Math.Clamp((seen + prior) / (expected + prior), MinRatio, MaxRatio);
    }

    /// <summary>
    /// The expected peak of each hour from <paramref name="currentHour"/> to 23 (index 0 is the current hour), null where
    /// there is no usual. The current hour expects at least the peak it already had.
    /// </summary>
    /// <param name="carry">Tried against <see cref="Carry"/> by the evaluation; the routes use the default.</param>
    public static double?[] RestOfDay(IReadOnlyList<double?> usual, IReadOnlyList<int>? today, int currentHour, DayOpening opening,
        double carry = Carry, double priorHours = PriorHours)
    {
        var ratio = Ratio(usual, today, currentHour, opening, priorHours);
        return Enumerable.Range(currentHour, 24 - currentHour).Select(h =>
        {
            if (usual[h] is not { } u) return (double?)null;
            var adjusted = u * (1 + (ratio - 1) * Math.Pow(carry, h - currentHour));
            return h == currentHour && today is not null ? Math.Max(adjusted, today[h]) : adjusted;
        }).ToArray();
    }

    /// <summary>The plain usual curve for the same hours: what the forecast is measured against.</summary>
    public static double?[] UsualRestOfDay(IReadOnlyList<double?> usual, int currentHour) =>
        Enumerable.Range(currentHour, 24 - currentHour).Select(h => usual[h]).ToArray();
}
