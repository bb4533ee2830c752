namespace Occupancy.Grains.Canteens.Visits;

/// <summary>One canteen's visits on one local date (keyed by <see cref="CanteenDayKey"/>); each diner counts once per meal.</summary>
public interface ICanteenDayVisitsGrain : IGrainWithStringKey
{
    /// <summary>The members who visited for a meal that day (durable visits only).</summary>
    Task<IReadOnlyList<string>> VisitorsOf(Meal meal);
}
