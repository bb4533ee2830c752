namespace Occupancy.Grains.Canteens.Visits;

/// <summary>One canteen's visits on one local date (keyed by <see cref="CanteenDayKey"/>); each diner counts once per meal.</summary>
public interface ICanteenDayVisitsGrain : IGrainWithStringKey
{
    /// <summary>The members who visited for a meal that day (durable visits only).</summary>
    Task<IReadOnlyList<string>> VisitorsOf(Meal meal);

    /// <summary>
    /// Records a member's visit for a meal, durable when it answers. A member already counted for that meal is
    /// acknowledged as such and changes nothing (the first recording's time stays). Refused (invalid-state) when the
    /// meal's list is full.
    /// </summary>
    Task<Outcome<RecordedVisit>> Record(DinerVisit visit);

    /// <summary>Records several visits in one write (the demo catalog's history); answers how many were new.</summary>
    Task<int> RecordAll(IReadOnlyList<DinerVisit> visits);

    /// <summary>How many diners checked in for each meal with any visit, each member once.</summary>
    Task<IReadOnlyList<MealDiners>> Diners();
}
