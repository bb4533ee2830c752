namespace Occupancy.Grains.Canteens;

public enum Meal
{
    Breakfast,
    Lunch,
    Dinner,
}
