using Occupancy.Grains.Canteens;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Sessions.Listing;
using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Sessions;

[StatelessWorker]
internal sealed class SessionFinderGrain(DomainClock clock) : Grain, ISessionFinderGrain
{
    private readonly HashSet<string> _knownSites = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _owners = new(StringComparer.Ordinal);

    // GetGrain resolves the interface's type by formatting its name on every call (a sixth of this grain's work on a
    // listing, 9 references each): the day listings' references are kept, up to a bound, and made again after it.
    private const int MaxListingReferences = 4096;
    private readonly Dictionary<string, ISessionDayListingGrain> _listings = new(StringComparer.Ordinal);

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
            var owner = _owners.GetValueOrDefault(facilityId) ?? await OwnerOfAsync(facilityId);
            if (owner is null) return Problem.NotFound($"Facility or canteen '{facilityId}'");
            // A facility or canteen never moves to another site, nor is it removed: its site is remembered.
            _owners[facilityId] = owner;
            if (siteId is not null && siteId != owner) return Array.Empty<ListedSession>();
            siteId = owner;
        }
        var summary = GrainFactory.GetGrain<ISiteGrain>(siteId!).GetSummary();
        // Sites are never removed: for one known to exist, the day listings are asked at once, beside its summary (whose
        // time zone may have changed), for days that hold the answer in any zone; the zone then picks. One turn fewer.
        var early = _knownSites.Contains(siteId!) ? ListingDays.Covering(query, clock.UtcNow) : null;
        var earlyListed = early is { } covering ? ListingsAsync(siteId!, covering.First, covering.Last) : null;
        var site = await summary;
        if (site is null)
        {
            if (earlyListed is not null) await earlyListed;
            return Problem.NotFound($"Site '{siteId}'");
        }
        _knownSites.Add(site.Id);

        var zone = DailyHours.FindZone(site.TimeZone) ?? TimeZoneInfo.Utc;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.UtcNow, zone).DateTime);
        // Defaults stop at the calendar's ends rather than overflow (from=9999-12-31, to=0001-01-01).
        var from = query.From ?? (query.To is { } end ? DateOnly.FromDayNumber(Math.Max(0, end.DayNumber + 1 - SessionQuery.DefaultDays)) : today);
        var to = query.To ?? DateOnly.FromDayNumber(Math.Min(DateOnly.MaxValue.DayNumber, from.DayNumber + SessionQuery.DefaultDays - 1));
        if (to < from) return Problem.Invalid("to", "to must not be before from.");
        if (to.DayNumber - from.DayNumber + 1 > SessionQuery.MaxDays) return Problem.Invalid("to", $"A listing covers at most {SessionQuery.MaxDays} days.");

        // One call per day to its listing (the read model), not one per session; extra days asked early are filtered out below.
        IReadOnlyList<ListedSession>[] listed;
        if (earlyListed is not null && early!.Value.First <= from && to <= early.Value.Last) listed = await earlyListed;
        else
        {
            // Not expected (zones stay within UTC−12…UTC+14), and never left unobserved.
            if (earlyListed is not null) await earlyListed;
            listed = await ListingsAsync(site.Id, from, to);
        }
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

    private Task<IReadOnlyList<ListedSession>[]> ListingsAsync(string siteId, DateOnly first, DateOnly last) =>
        Task.WhenAll(Enumerable.Range(0, last.DayNumber - first.DayNumber + 1)
            .Select(d => ListingOf(CalendarEntry.CalendarKey(siteId, first.AddDays(d))).Entries()));

    private ISessionDayListingGrain ListingOf(string dayKey)
    {
        if (_listings.TryGetValue(dayKey, out var listing)) return listing;
        if (_listings.Count >= MaxListingReferences) _listings.Clear();
        return _listings[dayKey] = GrainFactory.GetGrain<ISessionDayListingGrain>(dayKey);
    }

    private async Task<string?> OwnerOfAsync(string facilityId)
    {
        if (await GrainFactory.GetGrain<IFacilityGrain>(facilityId).Get() is { } facility) return facility.SiteId;
        return (await GrainFactory.GetGrain<ICanteenGrain>(facilityId).Get())?.SiteId;
    }
}
