using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Occupancy.Grains.Access;
using Occupancy.Grains.Live;
using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Facilities;

/// <summary>Reentrant, so concurrent counts share writes (see <see cref="PlaceGrain{TState, TSnapshot}"/>).</summary>
[Reentrant]
internal sealed class FacilityGrain(
    [PersistentState("facility", StorageNames.Occupancy)] IPersistentState<FacilityState> state,
    DomainClock clock,
    IOptions<LiveFeedOptions> liveOptions,
    ILogger<FacilityGrain> logger)
    : PlaceGrain<FacilityState, FacilitySnapshot>(state, clock, liveOptions.Value, logger, Topics.Facility), IFacilityGrain
{
    /// <summary>How many sensor event ids are remembered: far more than a gate resends, and bounded.</summary>
    internal const int EventIdWindow = 1000;

    /// <summary>Answers kept for Idempotency-Key repeats: a day and more, and few enough that the state stays small.</summary>
    internal static readonly LedgerRetention LedgerRetention = new(TimeSpan.FromHours(25), 300);

    private readonly InFlightRequests _inFlight = new();

    protected override SitePartKind Kind => SitePartKind.Facility;

    protected override bool IsDefinedIn(FacilityState state) => state.Definition is not null;

    protected override string? SiteId => S.Definition?.SiteId;

    public async Task<bool> DefineIfAbsent(FacilityDefinition definition) => !IsDefined && (await Define(definition, Actor.System)).Succeeded;

    public Task<Outcome<DefinitionResult<FacilitySnapshot>>> Define(FacilityDefinition definition, Actor actor)
    {
        if (definition.Validate() is { } invalid) return Task.FromResult<Outcome<DefinitionResult<FacilitySnapshot>>>(invalid);
        return DefineAsync(actor, definition.SiteId, () =>
        {
            S.Definition = definition;
            var zoneIds = (definition.Zones ?? []).Select(z => z.Id).ToHashSet();
            S.ZoneOccupied = S.ZoneOccupied.Where(z => zoneIds.Contains(z.Key)).ToDictionary();
        });
    }

    public Task<Outcome<FacilitySnapshot>> RecordEntries(HeadcountChange change, Actor actor, IdempotencyKey? key = null) => CountAsync(change, +1, actor, key);

    public Task<Outcome<FacilitySnapshot>> RecordExits(HeadcountChange change, Actor actor, IdempotencyKey? key = null) => CountAsync(change, -1, actor, key);

    public async Task<Outcome<FacilitySnapshot>> Recalibrate(Recalibration recalibration, Actor actor)
    {
        if (Refusal(actor) is { } refusal) return refusal;
        if (recalibration.Occupied is < 0 or > 1_000_000) return Problem.Invalid("occupied", "occupied must be between 0 and 1000000.");
        if (CheckZone(recalibration.ZoneId) is { } invalid) return invalid;
        ApplyClock();
        SetCount(recalibration.ZoneId, recalibration.Occupied);
        return await CommitAsync();
    }

    /// <summary>Out of scope (403), or in scope and unknown (404): the device of this facility id is in scope even before it is defined.</summary>
    private Problem? Refusal(Actor actor) =>
        PlaceAccess.MayCountFacility(actor, Id, S.Definition?.SiteId) ?? (S.Definition is null ? Problem.NotFound("The facility") : null);

    private async Task<Outcome<FacilitySnapshot>> CountAsync(HeadcountChange change, int sign, Actor actor, IdempotencyKey? key)
    {
        if (Refusal(actor) is { } refusal) return refusal;
        if (change.Count is < 1 or > 1000) return Problem.Invalid("count", "count must be between 1 and 1000.");
        if (change.EventId is { } eventId && (eventId.Length is 0 or > 128)) return Problem.Invalid("eventId", "eventId has 1 to 128 characters.");
        if (CheckZone(change.ZoneId) is { } invalid) return invalid;
        var fingerprint = $"{(sign > 0 ? "entries" : "exits")}|{change.Count}|{change.ZoneId}|{change.EventId}";
        var check = S.Ledger.Begin(key, fingerprint, _inFlight);
        if (check.Verdict == LedgerVerdict.Replay) return check.Result!;
        if (check.Problem is { } repeated) return repeated;
        try
        {
            return await CountOnceAsync(change, sign, key, fingerprint);
        }
        finally
        {
            _inFlight.End(key);
        }
    }

    private async Task<FacilitySnapshot> CountOnceAsync(HeadcountChange change, int sign, IdempotencyKey? key, string fingerprint)
    {
        ApplyClock();
        if (change.EventId is { } seen && S.RecentEventIds.Contains(seen))
        {
            // A resend: answered once the change it repeats (and the clock's, if any) is durable, with what is durable.
            if (!Durable.RecentEventIds.Contains(seen) || S.Version != Durable.Version) await WrittenAsync();
            return Snapshot(Durable);
        }

        // Entries are facts: over capacity is recorded (and shown full); exits never go below zero.
        SetCount(change.ZoneId, Math.Max(0, CountOf(change.ZoneId) + sign * change.Count));
        if (change.EventId is { } eventIdToRemember)
        {
            S.RecentEventIds.Add(eventIdToRemember);
            if (S.RecentEventIds.Count > EventIdWindow) S.RecentEventIds.RemoveRange(0, S.RecentEventIds.Count - EventIdWindow);
        }
        // Only entries that were counted are visits: not exits, not a resent event.
        return await CommitAsync(arrivals: sign > 0 ? change.Count : 0,
            remember: snapshot => S.Ledger.Remember(key, fingerprint, snapshot, snapshot.UpdatedAt, LedgerRetention));
    }

    private Problem? CheckZone(string? zoneId)
    {
        if (zoneId is not null && !Ids.IsValid(zoneId)) return Problem.InvalidId("zoneId");
        var zones = S.Definition!.Zones ?? [];
        if (zones.Count == 0)
            return zoneId is null ? null : Problem.Invalid("zoneId", "This facility has no zones; leave zoneId out.");
        if (zoneId is null) return Problem.Invalid("zoneId", "This facility has zones; name one with zoneId.");
        return zones.Any(z => z.Id == zoneId) ? null : Problem.Invalid("zoneId", $"Zone '{zoneId}' is not a zone of this facility.");
    }

    private int CountOf(string? zoneId) => zoneId is null ? S.Occupied : S.ZoneOccupied.GetValueOrDefault(zoneId);

    private void SetCount(string? zoneId, int value)
    {
        if (zoneId is null) S.Occupied = value;
        else S.ZoneOccupied[zoneId] = value;
    }

    protected override DailyHours Hours()
    {
        var zone = DailyHours.FindZone(S.TimeZone) ?? TimeZoneInfo.Utc;
        return S.Definition?.OpeningHours is { } hours ? DailyHours.Weekly(hours, zone) : DailyHours.Always(zone);
    }

    protected override int OccupiedIn(FacilitySnapshot snapshot) => snapshot.Occupied;

    protected override string SiteIdIn(FacilitySnapshot snapshot) => snapshot.SiteId;

    protected override (int Capacity, Level Level) GaugeOf(FacilitySnapshot snapshot) => (snapshot.Capacity, snapshot.Level);

    protected override void AnnounceToSite(FacilitySnapshot latest) => _ = GrainFactory.GetGrain<ISiteGrain>(latest.SiteId).FacilityChanged(latest);

    protected override FacilitySnapshot Snapshot(FacilityState state)
    {
        var d = state.Definition!;
        var zones = (d.Zones ?? [])
            .Select(z =>
            {
                var occupied = state.ZoneOccupied.GetValueOrDefault(z.Id);
                return new ZoneSnapshot(z.Id, z.Name, z.NameEn, z.Capacity, occupied, Math.Max(0, z.Capacity - occupied));
            })
            .ToArray();
        var occupiedNow = zones.Length > 0 ? zones.Sum(z => z.Occupied) : state.Occupied;
        var thresholds = d.Thresholds;
        return new FacilitySnapshot(
            Id, d.SiteId, d.Kind, d.Name, d.NameEn, d.Capacity, occupiedNow,
            Math.Max(0, d.Capacity - occupiedNow), thresholds.LevelOf(state.Open, occupiedNow, d.Capacity), state.Open,
            d.OpeningHours, zones, thresholds.QuietBelow, thresholds.NearlyFullFrom, state.Version, state.UpdatedAt);
    }
}
