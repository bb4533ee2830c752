using Occupancy.Grains.Access;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Sites;
using Occupancy.Grains.Stats;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Stats;

[Collection(ClusterCollection.Name)]
public sealed class SiteStatsTests(StatsClusterFixture fixture) : IClassFixture<StatsClusterFixture>
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public async Task Entries_are_visits_and_raise_the_peak_of_the_sites_local_hour()
    {
        var (site, gym, _, _) = await CreateSiteAsync();
        MoveTo(10, 20, newDay: true);
        await Enter(gym, 3);
        await Enter(gym, 2);
        await Exit(gym, 4);
        MoveTo(11, 5);
        await Enter(gym, 1);

        var stats = await StatsWhen(site, Today, s => s.Visits == 6 && Part(s, gym).Hourly[11] == 2, "6 visits, and 2 in the gym at 11:00");

        var hourly = Part(stats, gym).Hourly;
        Assert.Equal(5, hourly[10]);
        // 10:20 in Ningbo is 02:20 UTC: the hours are the site's own.
        Assert.All(hourly[..10], h => Assert.Equal(0, h));
        Assert.All(hourly[12..], h => Assert.Equal(0, h));
        Assert.Equal((SitePartKind.Facility, "百姓健身房"), (Part(stats, gym).Kind, Part(stats, gym).Name));
    }

    [Fact]
    public async Task Resent_events_exits_and_recalibrations_are_not_visits()
    {
        var (site, gym, _, _) = await CreateSiteAsync();
        MoveTo(9, 0, newDay: true);
        await Enter(gym, 1, "gate-1");
        await Enter(gym, 1, "gate-1");
        await Exit(gym, 1);
        await Enter(gym, 2, "gate-2");
        Assert.True((await fixture.Grains.GetGrain<IFacilityGrain>(gym).Recalibrate(new Recalibration(10), Actor.System)).Succeeded);

        var stats = await StatsWhen(site, Today, s => s.Visits >= 3 && Part(s, gym).Hourly[9] == 10, "the recalibrated 10 at 09:00");

        Assert.Equal(3, stats.Visits);
    }

    [Fact]
    public async Task Diners_sitting_down_during_meal_hours_are_meals_served()
    {
        var (site, _, _, canteen) = await CreateSiteAsync();
        MoveTo(11, 10, newDay: true);
        await Seat(canteen, "t01", 3);
        await Seat(canteen, "t01", 2);
        await Seat(canteen, "t01", 4);
        MoveTo(14, 0);
        await Seat(canteen, "t02", 2);

        var stats = await StatsWhen(site, Today, s => s.MealsServed >= 5 && Part(s, canteen).Hourly[14] == 6, "6 seats taken at 14:00");

        Assert.Equal(5, stats.MealsServed);
        Assert.Equal(0, stats.Visits);
        var hourly = Part(stats, canteen).Hourly;
        Assert.Equal(SitePartKind.Canteen, Part(stats, canteen).Kind);
        Assert.Equal([4, 4, 4, 6], hourly[11..15]);
    }

    [Fact]
    public async Task Table_updates_sent_at_once_count_every_diner_and_keep_the_hours_peak()
    {
        var (site, _, _, canteen) = await CreateSiteAsync();
        MoveTo(11, 10, newDay: true);
        var grain = fixture.Grains.GetGrain<ICanteenGrain>(canteen);
        var updates = Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? new TableOccupancy("t01", i * 7 % 5) : new TableOccupancy("t02", i * 5 % 7)).ToArray();

        var answers = await Task.WhenAll(updates.Select(u => grain.SetTable(u, Actor.System)));

        // What every change said, in the order the canteen applied them (their versions): the diners who sat down, the peak.
        var applied = answers.Select(a => a.Value!).OrderBy(a => a.Version).ToArray();
        var seated = 0;
        var previous = new Dictionary<string, int> { ["t01"] = 0, ["t02"] = 0 };
        foreach (var snapshot in applied)
        foreach (var table in snapshot.Tables)
        {
            seated += Math.Max(0, table.Occupied - previous[table.Id]);
            previous[table.Id] = table.Occupied;
        }
        var peak = applied.Max(a => a.OccupiedSeats);
        var stats = await StatsWhen(site, Today, s => s.MealsServed >= seated && Part(s, canteen).Hourly[11] >= peak, $"{seated} meals served and a peak of {peak}");

        Assert.Equal(seated, stats.MealsServed);
        Assert.Equal(peak, Part(stats, canteen).Hourly[11]);
    }

    [Fact]
    public async Task The_usual_is_the_median_of_the_same_weekday_over_the_previous_eight_weeks()
    {
        var (site, gym, court, canteen) = await CreateSiteAsync();
        MoveTo(8, 0, newDay: true);
        var today = Today;
        // Five of the eight previous same weekdays have gym history, four have canteen history; the rest have none.
        int[] gymAtTen = [50, 10, 40, 20, 30];
        int[] canteenAtNoon = [3, 9, 5, 7];
        for (var week = 1; week <= gymAtTen.Length; week++)
            await Day(site, today.AddDays(-7 * week)).RecordOccupancy(SitePartKind.Facility, gym, 10, gymAtTen[week - 1], 1);
        for (var week = 1; week <= canteenAtNoon.Length; week++)
            await Day(site, today.AddDays(-7 * week)).RecordOccupancy(SitePartKind.Canteen, canteen, 12, canteenAtNoon[week - 1], 1);
        // Neither another weekday nor a ninth week back is part of the usual.
        await Day(site, today.AddDays(-1)).RecordOccupancy(SitePartKind.Facility, gym, 10, 1000, 1);
        await Day(site, today.AddDays(-63)).RecordOccupancy(SitePartKind.Facility, gym, 10, 1000, 1);

        var stats = await StatsWhen(site, today, s => Part(s, gym).UsualDays >= 5 && Part(s, canteen).UsualDays >= 4, "the seeded weeks");

        var gymUsual = Part(stats, gym);
        Assert.Equal(5, gymUsual.UsualDays);
        Assert.Equal(30, gymUsual.Usual[10]);
        Assert.Equal(30, gymUsual.Usual[20]);
        Assert.Equal(0, gymUsual.Usual[9]);
        var canteenUsual = Part(stats, canteen);
        Assert.Equal(4, canteenUsual.UsualDays);
        Assert.Equal(6.0, canteenUsual.Usual[12]);
        Assert.All(Part(stats, court).Usual, u => Assert.Null(u));
        Assert.All(gymUsual.Hourly, h => Assert.Equal(0, h));
    }

    [Fact]
    public async Task A_days_history_is_kept_across_deactivation_and_deleted_once_past_retention()
    {
        var (site, _, _, _) = await CreateSiteAsync();
        MoveTo(12, 0, newDay: true);
        var date = Today.AddDays(-HistoryRetention.Days + 2);
        await Day(site, date).AddVisits(7);
        await Eventually.Until(async () => (await Day(site, date).GetTotals()).Visits == 7 ? "" : null, "the 7 visits");

        await CollectIdleGrainsAsync();
        Assert.Equal(7, (await Day(site, date).GetTotals()).Visits);

        MoveTo(12, 0, newDay: true);
        MoveTo(12, 0, newDay: true);
        MoveTo(12, 0, newDay: true);
        await CollectIdleGrainsAsync();

        Assert.Equal(0, (await Day(site, date).GetTotals()).Visits);
        var rows = await fixture.Grains.GetGrain<ISiteStatsGrain>(site).GetDailyRows(Text(date), Text(date));
        Assert.Equal(0, rows.Value!.Single().Visits);
    }

    [Fact]
    public async Task Inputs_for_a_day_past_retention_are_ignored()
    {
        var (site, _, _, _) = await CreateSiteAsync();
        MoveTo(12, 0, newDay: true);
        var tooOld = Day(site, Today.AddDays(-HistoryRetention.Days - 1));
        var kept = Day(site, Today.AddDays(-HistoryRetention.Days));

        await tooOld.AddVisits(5);
        await tooOld.RecordOccupancy(SitePartKind.Facility, "gym", 10, 5, 1);
        await kept.AddVisits(5);

        await Eventually.Until(async () => (await kept.GetTotals()).Visits == 5 ? "" : null, "the visits of the last retained day");
        var old = await tooOld.Get(23);
        Assert.Equal(0, old.Totals.Visits);
        Assert.Empty(old.Parts);
    }

    [Fact]
    public async Task Daily_rows_give_each_days_totals_in_order()
    {
        var (site, _, _, _) = await CreateSiteAsync();
        MoveTo(20, 0, newDay: true);
        var today = Today;
        await Day(site, today.AddDays(-2)).AddVisits(4);
        await Day(site, today.AddDays(-2)).AddMealsServed(9);
        await Day(site, today.AddDays(-1)).AddBookings(3);
        await Day(site, today.AddDays(-1)).AddCancellations(1);
        await Day(site, today.AddDays(-1)).AddNoShows(2);
        await Day(site, today.AddDays(-1)).AddSessionsHeld(5);
        await Day(site, today).AddVisits(1);
        SiteDayTotals[] expected =
        [
            new(today.AddDays(-2), 4, 9, 0, 0, 0, 0),
            new(today.AddDays(-1), 0, 0, 3, 1, 2, 5),
            new(today, 1, 0, 0, 0, 0, 0),
        ];
        var stats = fixture.Grains.GetGrain<ISiteStatsGrain>(site);

        var rows = await Eventually.Until(async () =>
        {
            var outcome = await stats.GetDailyRows(Text(today.AddDays(-2)), Text(today));
            return outcome.Value!.SequenceEqual(expected) ? outcome.Value : null;
        }, "the three days' totals");

        Assert.Equal(expected, rows);
        var byDefault = (await stats.GetDailyRows(null, null)).Value!;
        Assert.Equal(30, byDefault.Count);
        Assert.Equal((today.AddDays(-29), today), (byDefault[0].Date, byDefault[^1].Date));
        Assert.Equal(expected, byDefault.TakeLast(3));
    }

    [Fact]
    public async Task Impossible_ranges_and_unknown_sites_are_refused()
    {
        var (site, _, _, _) = await CreateSiteAsync();
        var stats = fixture.Grains.GetGrain<ISiteStatsGrain>(site);

        Assert.Equal(ProblemCodes.InvalidRequest, (await stats.GetDailyRows("2026-01-02", "2026-01-01")).Problem?.Code);
        Assert.Equal(ProblemCodes.InvalidRequest, (await stats.GetDailyRows("2020-01-01", "2021-01-01")).Problem?.Code);
        Assert.True((await stats.GetDailyRows("2020-01-01", "2020-12-31")).Succeeded, "366 days are allowed");
        Assert.Equal(ProblemCodes.InvalidRequest, (await stats.GetDailyRows("2026-1-1", null)).Problem?.Code);
        Assert.Equal(ProblemCodes.InvalidRequest, (await stats.GetDay("2026-02-30")).Problem?.Code);
        var unknown = fixture.Grains.GetGrain<ISiteStatsGrain>(NewId("nosite"));
        Assert.Equal(ProblemCodes.NotFound, (await unknown.GetDay(null)).Problem?.Code);
        Assert.Equal(ProblemCodes.NotFound, (await unknown.GetDailyRows(null, null)).Problem?.Code);
    }

    private async Task<(string Site, string Gym, string Court, string Canteen)> CreateSiteAsync()
    {
        var (site, gym, court, canteen) = (NewId("site"), NewId("gym"), NewId("court"), NewId("canteen"));
        Assert.True((await fixture.Grains.GetGrain<ISiteGrain>(site).Define(new SiteDefinition("福明家园社区", "Asia/Shanghai"), Actor.System)).Succeeded);
        Assert.True((await fixture.Grains.GetGrain<IFacilityGrain>(gym).Define(new FacilityDefinition(site, FacilityKind.Gym, "百姓健身房", 40), Actor.System)).Succeeded);
        Assert.True((await fixture.Grains.GetGrain<IFacilityGrain>(court).Define(new FacilityDefinition(site, FacilityKind.Court, "篮球场", 10), Actor.System)).Succeeded);
        var definition = new CanteenDefinition(site, "社区食堂", [new MealHours(Meal.Lunch, "11:00", "13:00")], [new TableDefinition("t01", 4), new TableDefinition("t02", 6)]);
        Assert.True((await fixture.Grains.GetGrain<ICanteenGrain>(canteen).Define(definition, Actor.System)).Succeeded);
        return (site, gym, court, canteen);
    }

    private async Task Enter(string facility, int count, string? eventId = null) =>
        Assert.True((await fixture.Grains.GetGrain<IFacilityGrain>(facility).RecordEntries(new HeadcountChange(count, EventId: eventId), Actor.System)).Succeeded);

    private async Task Exit(string facility, int count) =>
        Assert.True((await fixture.Grains.GetGrain<IFacilityGrain>(facility).RecordExits(new HeadcountChange(count), Actor.System)).Succeeded);

    private async Task Seat(string canteen, string table, int occupied) =>
        Assert.True((await fixture.Grains.GetGrain<ICanteenGrain>(canteen).SetTable(new TableOccupancy(table, occupied), Actor.System)).Succeeded);

    private ISiteDayGrain Day(string site, DateOnly date) => fixture.Grains.GetGrain<ISiteDayGrain>(SiteDayKey.Of(site, date));

    private Task<SiteDayStats> StatsWhen(string site, DateOnly date, Func<SiteDayStats, bool> condition, string what) =>
        Eventually.Until(async () =>
        {
            var outcome = await fixture.Grains.GetGrain<ISiteStatsGrain>(site).GetDay(Text(date));
            Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
            return condition(outcome.Value!) ? outcome.Value : null;
        }, what);

    private static PartDayStats Part(SiteDayStats stats, string id) => stats.Parts.Single(p => p.Id == id);

    private Task CollectIdleGrainsAsync() => fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    private DateTime Local => TimeZoneInfo.ConvertTime(fixture.Time.GetUtcNow(), Shanghai).DateTime;

    private DateOnly Today => DateOnly.FromDateTime(Local);

    /// <summary>Moves the domain clock on to the next local hour:minute in Ningbo, on a later day when asked.</summary>
    private void MoveTo(int hour, int minute, bool newDay = false)
    {
        var local = Local;
        var target = local.Date.AddHours(hour).AddMinutes(minute);
        if (newDay || target <= local) target = local.Date.AddDays(1).AddHours(hour).AddMinutes(minute);
        fixture.Time.SetUtcNow(new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(target, DateTimeKind.Unspecified), Shanghai)));
    }

    private static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
