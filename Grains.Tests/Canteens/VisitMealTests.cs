using Occupancy.Grains;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Canteens.Visits;

namespace Occupancy.Grains.Tests.Canteens;

/// <summary>Which meal a visit counts for, without a cluster.</summary>
public sealed class VisitMealTests
{
    private static readonly MealHours[] Hours = [new(Meal.Breakfast, "06:30", "08:30"), new(Meal.Lunch, "10:45", "13:00"), new(Meal.Dinner, "16:45", "18:30")];

    private static readonly DateTime Monday = new(2026, 11, 30);

    private static Outcome<MealOfDay> At(int hour, int minute, Meal? meal = null, DateOnly? date = null) =>
        VisitMeal.Decide(Hours, Monday.AddHours(hour).AddMinutes(minute), meal, date);

    [Theory]
    [InlineData(6, 30, Meal.Breakfast)]
    [InlineData(10, 45, Meal.Lunch)]
    [InlineData(12, 59, Meal.Lunch)]
    [InlineData(18, 29, Meal.Dinner)]
    public void The_meal_being_served_is_the_visits_meal(int hour, int minute, Meal expected) =>
        Assert.Equal(new MealOfDay(DateOnly.FromDateTime(Monday), expected), At(hour, minute).Value);

    [Theory]
    [InlineData(6, 29)]
    [InlineData(13, 0)]
    [InlineData(18, 30)]
    [InlineData(23, 0)]
    public void Between_meals_there_is_no_meal_to_count(int hour, int minute) =>
        Assert.Equal(ProblemCodes.InvalidState, At(hour, minute).Problem?.Code);

    [Fact]
    public void Staff_name_a_started_meal_of_today_or_one_of_the_last_seven_days()
    {
        var today = DateOnly.FromDateTime(Monday);
        Assert.Equal(new MealOfDay(today, Meal.Lunch), At(15, 0, Meal.Lunch).Value);
        Assert.Equal(new MealOfDay(today.AddDays(-7), Meal.Dinner), At(9, 0, Meal.Dinner, today.AddDays(-7)).Value);
        Assert.Equal(ProblemCodes.InvalidState, At(15, 0, Meal.Dinner).Problem?.Code);
        Assert.Equal(ProblemCodes.InvalidRequest, At(15, 0, Meal.Lunch, today.AddDays(-8)).Problem?.Code);
        Assert.Equal(ProblemCodes.InvalidRequest, At(15, 0, Meal.Lunch, today.AddDays(1)).Problem?.Code);
        Assert.Equal(ProblemCodes.InvalidRequest, At(15, 0, null, today.AddDays(-1)).Problem?.Code);
        Assert.Equal(ProblemCodes.InvalidRequest, VisitMeal.Decide([Hours[1]], Monday.AddHours(15), Meal.Breakfast, null).Problem?.Code);
    }
}
