namespace Occupancy.Grains.Canteens.Visits;

/// <summary>One entry of a member's visit history: a canteen's meal on a local date, and when it was recorded.</summary>
[GenerateSerializer, Immutable, Alias("MemberVisit")]
public sealed record MemberVisit(
    [property: Id(0)] string CanteenId,
    [property: Id(1)] string SiteId,
    [property: Id(2)] DateOnly Date,
    [property: Id(3)] Meal Meal,
    [property: Id(4)] DateTimeOffset At)
{
    /// <summary>A visit is one meal of one canteen's day: recording it again is the same entry.</summary>
    public bool IsSameMealAs(MemberVisit other) => CanteenId == other.CanteenId && Date == other.Date && Meal == other.Meal;
}
