using Occupancy.Grains.Access;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Canteens.Visits;
using Occupancy.Grains.Members;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Alerts;

/// <summary>The check at a meal's end: who was expected (booked, or a regular), who opted in, who came.</summary>
internal sealed partial class SiteAlertsGrain
{
    public async Task<IReadOnlyList<AbsenceAlert>> CheckDue()
    {
        var now = _clock.UtcNow;
        var raised = new List<AbsenceAlert>();
        // The site (and through it every canteen) is read only when a check may be due: most minutes none is.
        if (S.ArmedAt is { } armedAt && (_nextDue is not { } due || due <= now) && await GrainFactory.GetGrain<ISiteGrain>(SiteId).Get() is { } site)
        {
            var zone = DailyHours.FindZone(site.TimeZone) ?? TimeZoneInfo.Utc;
            var canteens = site.Canteens.Select(c => (c.Id, Definition: DefinitionOf(c))).ToArray();
            var next = MealCheck.Next(canteens, zone, now) ?? now.AddHours(1);
            var since = armedAt > now - _options.CatchUp ? armedAt : now - _options.CatchUp;
            foreach (var check in MealCheck.DueBetween(canteens, zone, since, now).Where(c => !S.Checked.ContainsKey(c.Key)))
            {
                var canteen = canteens.First(c => c.Id == check.CanteenId);
                var found = await RunAsync(check, canteen.Definition, zone, now);
                S.Checked[check.Key] = check.DueAt;
                await WriteAsync();
                raised.AddRange(found);
            }
            // Only once every due check ran: one that failed is tried again at the next reminder.
            _nextDue = next;
        }
        var escalated = Escalate(now);
        Prune(now);
        if (escalated) await WriteAsync();
        if (raised.Count > 0 || escalated) _feed.Publish(Snapshot());
        await ReportAsync();
        return raised;
    }

    /// <summary>The rule needs what an administrator set; a site's snapshot carries it (tables play no part here).</summary>
    private static CanteenDefinition DefinitionOf(CanteenSnapshot c) =>
        new(c.SiteId, c.Name, c.MealHours, [], c.NameEn, ClosedDates: c.ClosedDates, AlertGraceMinutes: c.AlertGraceMinutes);

    /// <summary>Adds (not yet written) an alert for each expected senior with no visit; an alert already raised stays as it is.</summary>
    private async Task<IReadOnlyList<AbsenceAlert>> RunAsync(MealCheck check, CanteenDefinition canteen, TimeZoneInfo zone, DateTimeOffset now)
    {
        if (!canteen.Serves(check.Meal, check.Date)) return [];
        var booked = await BookedAsync(check, canteen, zone);
        var past = await Task.WhenAll(ExpectedDiners.PastSameWeekdays(check.Date, _options.RegularWeeks).Select(d => VisitorsAsync(check.CanteenId, d, check.Meal)));
        var candidates = ExpectedDiners.Candidates(booked, past, _options.RegularVisits);
        if (candidates.Count == 0) return [];
        // Consent is asked of the candidates only: the regulars and those who booked.
        var watches = (await Task.WhenAll(candidates.Keys.Select(id => GrainFactory.GetGrain<IAbsenceWatchGrain>(id).Current())))
            .ToDictionary(w => w.MemberId, StringComparer.Ordinal);
        var visitors = await VisitorsAsync(check.CanteenId, check.Date, check.Meal);
        var raised = new List<AbsenceAlert>();
        foreach (var (memberId, because) in ExpectedDiners.Absent(canteen, check.Meal, check.Date, candidates, watches, visitors))
        {
            var id = AbsenceAlert.IdOf(check.CanteenId, check.Date, check.Meal, memberId);
            if (S.Alerts.ContainsKey(id)) continue;
            var member = (await GrainFactory.GetGrain<IMemberGrain>(memberId).Get(Actor.System)).Value as MemberView;
            var alert = new AbsenceAlert(id, SiteId, check.CanteenId, canteen.Name, check.Date, check.Meal, memberId, member?.Name ?? memberId,
                member?.Phone, because, now, AlertStatus.Open, null, null, 1, now);
            S.Alerts[id] = alert;
            S.NoticeDue.Add(id);
            S.RecordDue.Add(id);
            raised.Add(alert);
        }
        return raised;
    }

    private async Task<string[]> VisitorsAsync(string canteenId, DateOnly date, Meal meal) =>
        [.. await GrainFactory.GetGrain<ICanteenDayVisitsGrain>(CanteenDayKey.Of(canteenId, date)).VisitorsOf(meal)];

    /// <summary>Members holding a seat in a meal sitting at the canteen that overlaps the meal's hours that day.</summary>
    private async Task<IReadOnlyList<string>> BookedAsync(MealCheck check, CanteenDefinition canteen, TimeZoneInfo zone)
    {
        var hours = canteen.MealHours.First(m => m.Meal == check.Meal);
        var from = LocalInstant(check.Date, hours.From, zone);
        var to = LocalInstant(check.Date, hours.To, zone);
        var entries = await GrainFactory.GetGrain<ISessionCalendarGrain>(CalendarEntry.CalendarKey(SiteId, check.Date)).List();
        var members = new List<string>();
        foreach (var entry in entries.Where(e => e.FacilityId == check.CanteenId))
        {
            var session = GrainFactory.GetGrain<ISessionGrain>(entry.SessionId);
            if (await session.Get() is not { Category: BookingCategory.Meal, Status: not SessionStatus.Cancelled } snapshot) continue;
            if (snapshot.StartsAt >= to || snapshot.EndsAt <= from) continue;
            if ((await session.ListBookings(Actor.System)).Value is not { } bookings) continue;
            members.AddRange(bookings.Where(b => b.Status is BookingStatus.Confirmed or BookingStatus.CheckedIn or BookingStatus.NoShow).Select(b => b.MemberId));
        }
        return members;
    }

    private static DateTimeOffset LocalInstant(DateOnly date, string time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue).AddMinutes(DailyHours.Minutes(time));
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(1);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }
}
