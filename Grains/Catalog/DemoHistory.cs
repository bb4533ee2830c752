using Occupancy.Grains.Facilities;
using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Catalog;

/// <summary>
/// Plausible hourly peaks for the demo's weeks of history, relative to the day history was first seeded (the anchor):
/// each place's usual shape by kind (lunch and dinner at a canteen, evenings at the gym, mornings in the garden;
/// weekends differ), within its opening hours, with day-to-day shifts. Rain falls on some days (city-wide, by the seed) and
/// always <see cref="RainDaysAgo"/> days before the anchor; the day <see cref="HolidayDaysAgo"/> days before it, and the
/// day <see cref="HolidayDaysAfter"/> after it, are public holidays, shaped like a weekend. Every day also runs a little
/// busier or quieter and a little earlier or later as a whole, and each hour has its own noise. The same seed, place and
/// date always give the same day.
/// </summary>
public static class DemoHistory
{
    public const int Weeks = 8;
    public const int Days = 7 * Weeks;
    public const int DemoSeed = 12;
    public const int RainDaysAgo = 5;
    public const int HolidayDaysAgo = 17;
    /// <summary>In the week after the anchor: never seeded, but part of the held-out week the forecast is measured on.</summary>
    public const int HolidayDaysAfter = 3;
    private const double RainChance = 0.12;

    /// <summary>A peak: the hour it centres on (local, fractional), its spread in hours, and its height as a share of capacity.</summary>
    private readonly record struct Bump(double Centre, double Spread, double Height);

    public static bool IsHoliday(DateOnly date, DateOnly anchor) =>
        date == anchor.AddDays(-HolidayDaysAgo) || date == anchor.AddDays(HolidayDaysAfter);

    public static bool IsRainy(DateOnly date, DateOnly anchor, int seed) =>
        date == anchor.AddDays(-RainDaysAgo) || new Random(Mix(seed, date.DayNumber, 0x5241)).NextDouble() < RainChance;

    /// <summary>The place's 24 hourly peaks on <paramref name="date"/>.</summary>
    public static int[] Day(HistoryPlace place, DateOnly date, DateOnly anchor, int seed)
    {
        var random = new Random(Mix(seed, date.DayNumber, StableHash(place.Id)));
        var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || IsHoliday(date, anchor);
        var factor = Math.Exp(0.2 * Normal(random)) * (IsRainy(date, anchor, seed) ? RainFactor(place) : 1)
            * (IsHoliday(date, anchor) ? HolidayFactor(place) : 1);
        var shift = 0.35 * Normal(random);
        var bumps = Shape(place, weekend);
        var opening = place.OpeningOn(date);
        var hours = new int[24];
        for (var h = 0; h < 24; h++)
        {
            var noise = 1 + 0.08 * Normal(random);
            if (!opening.IsOpenDuring(h)) continue;
            var share = bumps.Sum(b => b.Height * Math.Exp(-Math.Pow(h + 0.5 - b.Centre - shift, 2) / (2 * b.Spread * b.Spread)));
            hours[h] = (int)Math.Round(Math.Clamp(place.Capacity * share * factor * noise, 0, place.Capacity));
        }
        return hours;
    }

    private static Bump[] Shape(HistoryPlace place, bool weekend) => place.Kind == SitePartKind.Canteen
        ? weekend
            ? [new(7.8, 0.7, 0.35), new(11.9, 0.8, 0.85), new(17.7, 0.7, 0.75)]
            : [new(7.3, 0.6, 0.45), new(11.6, 0.7, 0.97), new(17.5, 0.6, 0.7)]
        : place.FacilityKind switch
        {
            FacilityKind.Gym => weekend ? [new(10.5, 1.5, 0.55), new(16, 2, 0.6)] : [new(11, 1.2, 0.3), new(19, 1.5, 0.85)],
            FacilityKind.Court => weekend ? [new(10, 2, 0.8), new(16, 2, 0.8)] : [new(10, 1.5, 0.3), new(19.5, 1.5, 0.9)],
            FacilityKind.Garden => weekend ? [new(9, 1.5, 0.8), new(15.5, 2, 0.7)] : [new(8, 1.2, 0.7), new(16, 1.5, 0.45)],
            FacilityKind.ChildrenArea => weekend ? [new(10.5, 1.5, 0.85), new(15.5, 2, 0.9)] : [new(10, 1.2, 0.35), new(16.5, 1.3, 0.8)],
            FacilityKind.CulturalCentre => weekend ? [new(10.5, 2, 0.8), new(15, 2, 0.85)] : [new(10, 1.5, 0.55), new(15, 1.5, 0.5), new(19.5, 1, 0.6)],
            FacilityKind.ElderlyCare => weekend ? [new(10, 1.5, 0.5), new(14.5, 1.5, 0.45)] : [new(9.5, 1.5, 0.75), new(14.5, 1.5, 0.65)],
            _ => weekend ? [new(10, 2, 0.5), new(15, 2, 0.5)] : [new(9.5, 1.2, 0.6), new(14.5, 1.5, 0.7), new(19, 1, 0.5)],
        };

    /// <summary>Rain keeps people from the garden and the courts and sends families to the indoor play area.</summary>
    private static double RainFactor(HistoryPlace place) => place.Kind == SitePartKind.Canteen
        ? 0.85
        : place.FacilityKind switch
        {
            FacilityKind.Garden => 0.3,
            FacilityKind.Court => 0.75,
            FacilityKind.ChildrenArea or FacilityKind.CulturalCentre => 1.25,
            _ => 1.1,
        };

    /// <summary>On a holiday families cook at home and fill the children's and cultural centres.</summary>
    private static double HolidayFactor(HistoryPlace place) => place.Kind == SitePartKind.Canteen
        ? 0.6
        : place.FacilityKind is FacilityKind.ChildrenArea or FacilityKind.CulturalCentre ? 1.15 : 0.9;

    /// <summary>A standard normal draw (Box–Muller).</summary>
    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static int Mix(int a, int b, int c) => unchecked((a * 486187739) ^ (b * 16777619) ^ (c * 31) ^ 0x2545F491);

    /// <summary>A hash that is the same in every process (string.GetHashCode is not).</summary>
    private static int StableHash(string text)
    {
        var hash = unchecked((int)2166136261);
        foreach (var c in text) hash = unchecked((hash ^ c) * 16777619);
        return hash;
    }
}
