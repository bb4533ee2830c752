namespace Occupancy.Grains.Canteens.Visits;

/// <summary>One member's visit for a meal of a canteen's day, and when it was recorded.</summary>
[GenerateSerializer, Immutable, Alias("DinerVisit")]
public sealed record DinerVisit([property: Id(0)] string MemberId, [property: Id(1)] Meal Meal, [property: Id(2)] DateTimeOffset At);
