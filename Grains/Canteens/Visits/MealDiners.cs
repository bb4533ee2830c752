namespace Occupancy.Grains.Canteens.Visits;

/// <summary>How many diners checked in for a meal: each member once, however often they were recorded.</summary>
[GenerateSerializer, Immutable, Alias("MealDiners")]
public sealed record MealDiners([property: Id(0)] Meal Meal, [property: Id(1)] int Diners);
