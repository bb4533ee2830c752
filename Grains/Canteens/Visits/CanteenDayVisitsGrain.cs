using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Occupancy.Grains.Canteens.Visits;

/// <summary>
/// A canteen's day of visits. Not reentrant: each visit is checked against the meal's list and written before it is
/// answered, one at a time, so a diner recorded twice at once is still counted once. A day past
/// <see cref="VisitRetention"/> forgets its visits when it is next woken.
/// </summary>
internal sealed class CanteenDayVisitsGrain(
    [PersistentState("canteenday", StorageNames.Occupancy)] IPersistentState<CanteenDayVisitsState> state,
    DomainClock clock,
    ILogger<CanteenDayVisitsGrain> logger) : Grain, ICanteenDayVisitsGrain
{
    /// <summary>
    /// More diners than a community canteen serves at one meal; it keeps the stored state (about 70 bytes a diner)
    /// far below the table store's limit for one grain.
    /// </summary>
    internal const int MaxDinersPerMeal = 3000;

    private Dictionary<Meal, Dictionary<string, DateTimeOffset>> Meals => state.State.Meals;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Meals.Count > 0 && VisitRetention.IsPast(Date(), DateOnly.FromDateTime(clock.UtcNow.UtcDateTime)))
            await state.ClearStateAsync(cancellationToken);
    }

    public Task<IReadOnlyList<string>> VisitorsOf(Meal meal) =>
        Task.FromResult<IReadOnlyList<string>>(Meals.TryGetValue(meal, out var diners) ? diners.Keys.Order(StringComparer.Ordinal).ToArray() : []);

    public async Task<Outcome<RecordedVisit>> Record(DinerVisit visit)
    {
        var diners = DinersOf(visit.Meal);
        if (diners.TryGetValue(visit.MemberId, out var first)) return new RecordedVisit(true, diners.Count, first);
        if (diners.Count >= MaxDinersPerMeal)
            return new Problem(ProblemCodes.InvalidState, $"This meal already has {MaxDinersPerMeal} diners recorded; no more are kept.");
        diners[visit.MemberId] = visit.At;
        await WriteAsync(() => diners.Remove(visit.MemberId));
        return new RecordedVisit(false, diners.Count, visit.At);
    }

    public async Task<int> RecordAll(IReadOnlyList<DinerVisit> visits)
    {
        var added = new List<DinerVisit>();
        foreach (var visit in visits)
        {
            var diners = DinersOf(visit.Meal);
            if (diners.Count < MaxDinersPerMeal && diners.TryAdd(visit.MemberId, visit.At)) added.Add(visit);
        }
        if (added.Count > 0) await WriteAsync(() => added.ForEach(v => Meals[v.Meal].Remove(v.MemberId)));
        return added.Count;
    }

    public Task<IReadOnlyList<MealDiners>> Diners() =>
        Task.FromResult<IReadOnlyList<MealDiners>>(Meals.Where(m => m.Value.Count > 0).OrderBy(m => m.Key).Select(m => new MealDiners(m.Key, m.Value.Count)).ToArray());

    private Dictionary<string, DateTimeOffset> DinersOf(Meal meal)
    {
        if (!Meals.TryGetValue(meal, out var diners)) Meals[meal] = diners = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        return diners;
    }

    /// <summary>A failed write deactivates the grain (its next activation reads the store); the change is also undone here.</summary>
    private async Task WriteAsync(Action undo)
    {
        try
        {
            await state.WriteOrRevertAsync(this, logger);
        }
        catch
        {
            undo();
            throw;
        }
    }

    private DateOnly Date()
    {
        var key = this.GetPrimaryKeyString();
        return DateOnly.TryParseExact(key[(key.LastIndexOf('/') + 1)..], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : DateOnly.MaxValue;
    }
}
