using Occupancy.Grains.Canteens;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Sessions.Listing;
using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Sessions;

[StatelessWorker]
internal sealed class SessionFinderGrain(DomainClock clock) : Grain, ISessionFinderGrain
{
    public async Task<Outcome<IReadOnlyList<SessionSnapshot>>> Find(SessionQuery query)
    {
        var found = await SelectAsync(query);
        if (found.Problem is { } problem) return problem;
        return found.Value!.Select(l => l.Snapshot).ToArray();
    }

    public async Task<Outcome<SessionListingJson>> FindJson(SessionQuery query)
    {
        var found = await SelectAsync(query);
        if (found.Problem is { } problem) return problem;
        return SessionListingJson.Of(found.Value!);
    }

    private async Task<Outcome<IReadOnlyList<ListedSession>>> SelectAsync(SessionQuery query)
    {
        if (query.SiteId is null && query.FacilityId is null) return Problem.Invalid("siteId", "Name a siteId or a facilityId.");
        if (query.SiteId is { } s && !Ids.IsValid(s)) return new Problem(ProblemCodes.InvalidId, "siteId is not a valid id.");
        if (query.FacilityId is { } f && !Ids.IsValid(f)) return new Problem(ProblemCodes.InvalidId, "facilityId is not a valid id.");

        var siteId = query.SiteId;
        if (query.FacilityId is { } facilityId)
        {
            var owner = await OwnerOfAsync(facilityId);
            if (owner is null) return Problem.NotFound($"Facility or canteen '{facilityId}'");
            if (siteId is not null && siteId != owner) return Array.Empty<ListedSession>();
            siteId = owner;
        }
        var site = await GrainFactory.GetGrain<ISiteGrain>(siteId!).GetSummary();
        if (site is null) return Problem.NotFound($"Site '{siteId}'");

        var zone = DailyHours.FindZone(site.TimeZone) ?? TimeZoneInfo.Utc;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.UtcNow, zone).DateTime);
        // Defaults stop at the calendar's ends rather than overflow (from=9999-12-31, to=0001-01-01).
        var from = query.From ?? (query.To is { } end ? DateOnly.FromDayNumber(Math.Max(0, end.DayNumber + 1 - SessionQuery.DefaultDays)) : today);
        var to = query.To ?? DateOnly.FromDayNumber(Math.Min(DateOnly.MaxValue.DayNumber, from.DayNumber + SessionQuery.DefaultDays - 1));
        if (to < from) return Problem.Invalid("to", "to must not be before from.");
        if (to.DayNumber - from.DayNumber + 1 > SessionQuery.MaxDays) return Problem.Invalid("to", $"A listing covers at most {SessionQuery.MaxDays} days.");

        // One call per day to its listing (the read model), not one per session.
        var days = Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(from.AddDays).ToArray();
        var listed = await Task.WhenAll(days.Select(d => GrainFactory.GetGrain<ISessionDayListingGrain>(CalendarEntry.CalendarKey(site.Id, d)).Entries()));
        return listed.SelectMany(l => l)
            .Where(x => x.Snapshot.SiteId == site.Id && (query.FacilityId is null || x.Snapshot.FacilityId == query.FacilityId))
            .Where(x =>
            {
                var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(x.Snapshot.StartsAt, zone).DateTime);
                return date >= from && date <= to;
            })
            // A session that just moved day may be on both listings for a moment: its latest version counts.
            .GroupBy(x => x.Snapshot.Id, StringComparer.Ordinal)
            .Select(g => g.MaxBy(x => x.Snapshot.Version)!)
            .OrderBy(x => x.Snapshot.StartsAt)
            .ThenBy(x => x.Snapshot.Id, StringComparer.Ordinal)
            .ToArray();
    }

    private async Task<string?> OwnerOfAsync(string facilityId)
    {
        if (await GrainFactory.GetGrain<IFacilityGrain>(facilityId).Get() is { } facility) return facility.SiteId;
        return (await GrainFactory.GetGrain<ICanteenGrain>(facilityId).Get())?.SiteId;
    }
}
