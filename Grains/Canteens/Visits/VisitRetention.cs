namespace Occupancy.Grains.Canteens.Visits;

/// <summary>
/// How long visits are kept: who ate where is member data, kept for the absence alerts' look-back and the month's
/// review, then dropped. Both a member's history and a canteen's day forget a visit after this many days.
/// </summary>
public static class VisitRetention
{
    public const int Days = 90;

    /// <summary>Whether a visit of the local date <paramref name="date"/> is past retention on <paramref name="today"/>.</summary>
    public static bool IsPast(DateOnly date, DateOnly today) => date < today.AddDays(-Days);
}
