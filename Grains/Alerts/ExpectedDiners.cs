using Occupancy.Grains.Canteens;

namespace Occupancy.Grains.Alerts;

/// <summary>
/// Who is expected at a canteen's meal, and who of them is missing: plain rules, so they are tested without a cluster.
/// A senior is a candidate when they booked a sitting of the meal, or came for it on at least
/// <see cref="AbsenceAlertOptions.RegularVisits"/> of the last <see cref="AbsenceAlertOptions.RegularWeeks"/> same
/// weekdays; a candidate is expected when they opted in and are not away that day, and the canteen serves the meal.
/// </summary>
public static class ExpectedDiners
{
    /// <summary>The same weekdays before <paramref name="date"/>, most recent first.</summary>
    public static IReadOnlyList<DateOnly> PastSameWeekdays(DateOnly date, int weeks) =>
        Enumerable.Range(1, Math.Max(0, weeks)).Select(w => date.AddDays(-7 * w)).ToArray();

    /// <summary>
    /// Candidates and why: a booking wins over regularity. <paramref name="pastVisitors"/> holds the visitors of the
    /// meal on each of the past same weekdays (a day with no visits is an empty set).
    /// </summary>
    public static IReadOnlyDictionary<string, ExpectedBecause> Candidates(
        IEnumerable<string> booked, IEnumerable<IEnumerable<string>> pastVisitors, int regularVisits)
    {
        var candidates = new Dictionary<string, ExpectedBecause>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var day in pastVisitors)
        {
            foreach (var member in day.Distinct(StringComparer.Ordinal)) counts[member] = counts.GetValueOrDefault(member) + 1;
        }
        foreach (var (member, visits) in counts)
        {
            if (visits >= Math.Max(1, regularVisits)) candidates[member] = ExpectedBecause.Regular;
        }
        foreach (var member in booked) candidates[member] = ExpectedBecause.Booked;
        return candidates;
    }

    /// <summary>
    /// The expected seniors with no visit: nobody when the canteen does not serve the meal that day; otherwise each
    /// candidate watched on that day (<see cref="AbsenceWatchView.WatchedOn"/>) who is not among <paramref name="visitors"/>.
    /// </summary>
    public static IReadOnlyList<(string MemberId, ExpectedBecause Because)> Absent(
        CanteenDefinition canteen, Meal meal, DateOnly date,
        IReadOnlyDictionary<string, ExpectedBecause> candidates,
        IReadOnlyDictionary<string, AbsenceWatchView> watches,
        IEnumerable<string> visitors)
    {
        if (!canteen.Serves(meal, date)) return [];
        var came = visitors.ToHashSet(StringComparer.Ordinal);
        return candidates
            .Where(c => !came.Contains(c.Key) && watches.TryGetValue(c.Key, out var watch) && watch.WatchedOn(date))
            .OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => (c.Key, c.Value))
            .ToArray();
    }
}
