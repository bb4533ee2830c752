using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Occupancy.Grains.Access;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Live;

namespace Occupancy.Grains.Sites;

/// <summary>
/// Reentrant because its parts call it (Attach, changes) while it may be reading them; its own writes
/// are serialised by a lock. The live aggregate is held in memory, fed by its parts after each of their
/// writes, and rebuilt by reading them on activation.
/// </summary>
[Reentrant]
internal sealed class SiteGrain : Grain, ISiteGrain
{
    private readonly IPersistentState<SiteState> _state;
    private readonly DomainClock _clock;
    private readonly ILogger<SiteGrain> _logger;
    private readonly LiveFeed _feed;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Dictionary<string, FacilitySnapshot> _facilities = [];
    private readonly Dictionary<string, CanteenSnapshot> _canteens = [];
    private Task? _loading;

    public SiteGrain(
        [PersistentState("site", StorageNames.Occupancy)] IPersistentState<SiteState> state,
        DomainClock clock,
        IOptions<LiveFeedOptions> liveOptions,
        ILogger<SiteGrain> logger)
    {
        _state = state;
        _clock = clock;
        _logger = logger;
        var options = liveOptions.Value;
        _feed = new LiveFeed(this, Topics.Site(this.GetPrimaryKeyString()),
            new LiveFeedOptions { SubscriptionLifetime = options.SubscriptionLifetime, MinPushInterval = options.SitePushInterval }, logger);
    }

    private SiteState S => _state.State;

    public async Task<SiteSnapshot?> Get()
    {
        if (S.Definition is null) return null;
        await EnsureLoadedAsync();
        return Snapshot();
    }

    public Task<SiteSummary?> GetSummary() => Task.FromResult(S.Definition is null ? null : Summary());

    public async Task<IVersionedSnapshot?> Watch(ILiveObserver observer)
    {
        if (S.Definition is null) return null;
        _feed.Subscribe(observer);
        await EnsureLoadedAsync();
        return Snapshot();
    }

    public Task Unwatch(ILiveObserver observer)
    {
        _feed.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public async Task<bool> DefineIfAbsent(SiteDefinition definition)
    {
        if (S.Definition is not null) return false;
        return (await Define(definition, Actor.System)).Succeeded;
    }

    public async Task<Outcome<DefinitionResult<SiteSnapshot>>> Define(SiteDefinition definition, Actor actor)
    {
        if (definition.Validate() is { } invalid) return invalid;
        bool created;
        string? movedFrom;
        await _writeLock.WaitAsync();
        try
        {
            // Inside the lock: whether the site exists decides who may define it.
            if (PlaceAccess.MayDefineSite(actor, this.GetPrimaryKeyString(), S.Definition is not null) is { } refusal) return refusal;
            created = S.Definition is null;
            movedFrom = S.Definition?.TimeZone is { } old && old != definition.TimeZone ? old : null;
            S.Definition = definition;
            S.Version++;
            S.UpdatedAt = _clock.UtcNow;
            await _state.WriteOrRevertAsync(this, _logger);
        }
        finally
        {
            _writeLock.Release();
        }
        if (movedFrom is not null)
        {
            // Hours are local times: every part reads them in the new zone from now on.
            foreach (var id in S.Facilities) _ = GrainFactory.GetGrain<IFacilityGrain>(id).SiteTimeZoneChanged(definition.TimeZone);
            foreach (var id in S.Canteens) _ = GrainFactory.GetGrain<ICanteenGrain>(id).SiteTimeZoneChanged(definition.TimeZone);
        }
        await GrainFactory.GetGrain<ISiteDirectoryGrain>(0).Register(Summary());
        await EnsureLoadedAsync();
        var snapshot = Snapshot();
        _feed.Publish(snapshot);
        return new DefinitionResult<SiteSnapshot>(snapshot, created);
    }

    public async Task<string?> Attach(SitePart part)
    {
        if (S.Definition is null) return null;
        var list = part.Kind == SitePartKind.Facility ? S.Facilities : S.Canteens;
        if (!list.Contains(part.Id))
        {
            await _writeLock.WaitAsync();
            try
            {
                if (!list.Contains(part.Id))
                {
                    list.Add(part.Id);
                    await _state.WriteOrRevertAsync(this, _logger);
                }
            }
            finally
            {
                _writeLock.Release();
            }
        }
        return S.Definition.TimeZone;
    }

    public Task FacilityChanged(FacilitySnapshot snapshot)
    {
        if (KeepNewer(_facilities, snapshot.Id, snapshot)) PublishIfDefined();
        return Task.CompletedTask;
    }

    public Task CanteenChanged(CanteenSnapshot snapshot)
    {
        if (KeepNewer(_canteens, snapshot.Id, snapshot)) PublishIfDefined();
        return Task.CompletedTask;
    }

    /// <summary>Parts report out of order (one-way pushes, reads on activation): only a higher version replaces what is known.</summary>
    private static bool KeepNewer<T>(Dictionary<string, T> known, string id, T snapshot) where T : IVersionedSnapshot
    {
        if (known.TryGetValue(id, out var current) && current.Version >= snapshot.Version) return false;
        known[id] = snapshot;
        return true;
    }

    private void PublishIfDefined()
    {
        if (S.Definition is not null && _loading is { IsCompletedSuccessfully: true }) _feed.Publish(Snapshot());
    }

    private Task EnsureLoadedAsync()
    {
        if (_loading is null || _loading.IsFaulted) _loading = LoadPartsAsync();
        return _loading;
    }

    private async Task LoadPartsAsync()
    {
        var facilities = await Task.WhenAll(S.Facilities.ToArray().Select(id => GrainFactory.GetGrain<IFacilityGrain>(id).Get()));
        var canteens = await Task.WhenAll(S.Canteens.ToArray().Select(id => GrainFactory.GetGrain<ICanteenGrain>(id).Get()));
        foreach (var f in facilities.OfType<FacilitySnapshot>()) KeepNewer(_facilities, f.Id, f);
        foreach (var c in canteens.OfType<CanteenSnapshot>()) KeepNewer(_canteens, c.Id, c);
    }

    private SiteSummary Summary()
    {
        var d = S.Definition!;
        return new SiteSummary(this.GetPrimaryKeyString(), d.Name, d.NameEn, d.District, d.TimeZone);
    }

    private SiteSnapshot Snapshot()
    {
        var d = S.Definition!;
        var facilities = _facilities.Values.OrderBy(f => f.Id, StringComparer.Ordinal).ToArray();
        var canteens = _canteens.Values.OrderBy(c => c.Id, StringComparer.Ordinal).ToArray();
        var totals = new SiteTotals(
            facilities.Sum(f => f.Capacity) + canteens.Sum(c => c.Seats),
            facilities.Sum(f => f.Occupied) + canteens.Sum(c => c.OccupiedSeats));
        // Every part's version only rises and parts are never removed, so the sum never goes back, across restarts too.
        var version = S.Version + facilities.Sum(f => f.Version) + canteens.Sum(c => c.Version);
        var updatedAt = facilities.Select(f => f.UpdatedAt).Concat(canteens.Select(c => c.UpdatedAt)).Append(S.UpdatedAt).Max();
        return new SiteSnapshot(this.GetPrimaryKeyString(), d.Name, d.NameEn, d.District, d.TimeZone, facilities, canteens,
            totals, version, updatedAt);
    }
}
