using Occupancy.Grains.Canteens.Visits;
using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Stats;

[StatelessWorker]
internal sealed class SiteStatsGrain(DomainClock clock) : Grain, ISiteStatsGrain
{
    public const int MaxRows = 366;
    public const int DefaultRows = 30;
    public const int UsualWeeks = 8;

    /// <summary>Before this there is no history to ask for; it also keeps date arithmetic far from DateOnly's ends.</summary>
    private static readonly DateOnly Earliest = new(2000, 1, 1);

    /// <summary>How far ahead a day may be asked for: a coming day has no numbers yet but already has a usual.</summary>
    private const int DaysAhead = 366;

    private string SiteId => this.GetPrimaryKeyString();

    public async Task<Outcome<SiteDayStats>> GetDay(string? date)
    {
        var site = await GrainFactory.GetGrain<ISiteGrain>(SiteId).Get();
        if (site is null) return Problem.NotFound($"Site '{SiteId}'");
        var now = LocalDates.Local(clock.UtcNow, site.TimeZone);
        var today = DateOnly.FromDateTime(now);
        if (ParseDay(date, today, today) is not { } day) return InvalidDay("date", today);

        var throughHour = day < today ? 23 : day == today ? now.Hour : -1;
        var previous = Enumerable.Range(1, UsualWeeks).Select(week => day.AddDays(-7 * week)).ToArray();
        var records = await Task.WhenAll(previous.Prepend(day).Select((d, i) => ReadDayAsync(d, today, i == 0 ? throughHour : 23)));
        // Diners are counted by the canteens' days of visits, each member once per meal; the seats above are another measure.
        var diners = (await Task.WhenAll(site.Canteens.Select(async c =>
                (c.Id, Meals: await GrainFactory.GetGrain<ICanteenDayVisitsGrain>(CanteenDayKey.Of(c.Id, day)).Diners()))))
            .ToDictionary(c => c.Id, c => c.Meals);
        var (record, history) = (records[0], records[1..]);

        var hours = record.Parts.ToDictionary(p => p.Id);
        var parts = site.Facilities.Select(f => (f.Id, Kind: SitePartKind.Facility, f.Name, f.NameEn))
            .Concat(site.Canteens.Select(c => (c.Id, Kind: SitePartKind.Canteen, c.Name, c.NameEn)))
            .ToList();
        // Parts are never detached from a site; should one be, its history still shows under its id.
        parts.AddRange(record.Parts.Where(p => parts.All(known => known.Id != p.Id)).Select(p => (p.Id, p.Kind, Name: p.Id, NameEn: (string?)null)));

        var stats = parts.Select(p =>
        {
            var pastDays = history.Select(h => h.Parts.FirstOrDefault(x => x.Id == p.Id)).OfType<PartHours>().ToArray();
            var usual = Enumerable.Range(0, 24).Select(hour => Median(pastDays.Select(d => d.Hourly[hour]))).ToArray();
            var hourly = hours.TryGetValue(p.Id, out var h) ? h.Hourly : new int[24];
            return new PartDayStats(p.Id, p.Kind, p.Name, p.NameEn, hourly, usual, pastDays.Length,
                p.Kind == SitePartKind.Canteen ? diners.GetValueOrDefault(p.Id) ?? [] : null);
        }).ToArray();

        var t = record.Totals;
        return new SiteDayStats(SiteId, day, site.TimeZone, t.Visits, t.MealsServed, t.Bookings, t.Cancellations, t.NoShows, t.SessionsHeld, stats,
            diners.Values.Sum(meals => meals.Sum(m => m.Diners)), record.Generated);
    }

    public async Task<Outcome<IReadOnlyList<SiteDayTotals>>> GetDailyRows(string? from, string? to)
    {
        var site = await GrainFactory.GetGrain<ISiteGrain>(SiteId).GetSummary();
        if (site is null) return Problem.NotFound($"Site '{SiteId}'");
        var today = LocalDates.DateOf(clock.UtcNow, site.TimeZone);
        if (ParseDay(to, today, today) is not { } last) return InvalidDay("to", today);
        if (ParseDay(from, last.AddDays(1 - DefaultRows), today) is not { } first) return InvalidDay("from", today);
        if (first > last) return Problem.Invalid("from", "from must not be after to.");
        if (last.DayNumber - first.DayNumber + 1 > MaxRows) return Problem.Invalid("to", $"At most {MaxRows} days at once.");

        var days = Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(first.AddDays);
        return await Task.WhenAll(days.Select(d => HistoryRetention.IsPast(d, today)
            ? Task.FromResult(Empty(d).Totals)
            : GrainFactory.GetGrain<ISiteDayGrain>(SiteDayKey.Of(SiteId, d)).GetTotals()));
    }

    /// <summary>A day past retention has no history left; it is not even woken.</summary>
    private Task<SiteDayRecord> ReadDayAsync(DateOnly day, DateOnly today, int throughHour) =>
        HistoryRetention.IsPast(day, today)
            ? Task.FromResult(Empty(day))
            : GrainFactory.GetGrain<ISiteDayGrain>(SiteDayKey.Of(SiteId, day)).Get(throughHour);

    private static SiteDayRecord Empty(DateOnly day) => new(new SiteDayTotals(day, 0, 0, 0, 0, 0, 0), []);

    private static DateOnly? ParseDay(string? text, DateOnly fallback, DateOnly today)
    {
        if (string.IsNullOrEmpty(text)) return fallback;
        return LocalDates.TryParse(text, out var day) && day >= Earliest && day <= today.AddDays(DaysAhead) ? day : null;
    }

    private static Problem InvalidDay(string field, DateOnly today) =>
        Problem.Invalid(field, $"{field} must be a date YYYY-MM-DD from {Earliest:yyyy-MM-dd} to {today.AddDays(DaysAhead):yyyy-MM-dd}.");

    /// <summary>The middle value (the mean of the two middle ones for an even count); null when there are none.</summary>
    internal static double? Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return null;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }
}
