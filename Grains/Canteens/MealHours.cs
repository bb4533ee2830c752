namespace Occupancy.Grains.Canteens;

/// <summary>A meal served every day between two local times.</summary>
[GenerateSerializer, Immutable, Alias("MealHours")]
public sealed record MealHours([property: Id(0)] Meal Meal, [property: Id(1)] string From, [property: Id(2)] string To);
