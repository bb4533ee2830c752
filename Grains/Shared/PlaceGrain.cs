using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Occupancy.Grains.Access;
using Occupancy.Grains.Live;
using Occupancy.Grains.Sites;
using Occupancy.Grains.Stats;
using Occupancy.Grains.Telemetry;
using Orleans.Serialization;

namespace Occupancy.Grains;

/// <summary>
/// What facilities and canteens share: a definition on a site, hours that open and close the place (a change
/// caused by the clock alone, like any other), and a snapshot that is written before it is pushed to watchers,
/// to the site's dashboard and to the day's history.
/// <para>
/// Places are reentrant and commit in groups (<see cref="GroupCommit{TState}"/>): a change is validated and applied
/// in one turn (no await in between), then waits for the next write, which it shares with every change made while
/// the previous write was in flight; each caller is answered once the write holding its change is durable, with the
/// snapshot of its own change. Changes to the same table or zone take effect in the order the grain received them.
/// After each write the newest snapshot is pushed once (coalesced by <see cref="LiveFeed"/>) and the site and the
/// day's history hear of every change in it.
/// </para>
/// <para>
/// While the store is away the place stays active and readable: a failed write puts memory back to what the
/// store acknowledged last (no read-back, which would fail too) and every change in it or waiting behind it is
/// answered storage-unavailable; reads answer the last acknowledged snapshot. A write that failed but landed after
/// all leaves the store one etag ahead; the next write is then refused as inconsistent and the grain reloads.
/// </para>
/// </summary>
internal abstract class PlaceGrain<TState, TSnapshot> : Grain, IWatchable, ISitePartGrain, IBatchedWrites
    where TState : class, IPlaceState
    where TSnapshot : class, IVersionedSnapshot
{
    private readonly IPersistentState<TState> _store;
    private readonly LiveFeed _feed;
    private readonly BoundaryTimer _boundary;
    /// <summary>Changes applied but not yet in an acknowledged write, oldest first; told to the site and the day once they are.</summary>
    private readonly List<PartReading> _unannounced = [];
    /// <summary>One definition at a time: a definition awaits its site before it applies.</summary>
    private readonly SemaphoreSlim _defining = new(1, 1);
    private GroupCommit<TState> _commit = null!;
    private long _publishedVersion;
    private long _changesWritten;
    /// <summary>This activation's entry in the silo's occupancy gauges (none where metrics are not set up).</summary>
    private PlaceGauge? _gauge;

    protected PlaceGrain(IPersistentState<TState> store, DomainClock clock, LiveFeedOptions liveOptions, ILogger logger, Func<string, string> topic)
    {
        _store = store;
        Clock = clock;
        Logger = logger;
        _boundary = new BoundaryTimer(this);
        _feed = new LiveFeed(this, topic(this.GetPrimaryKeyString()), liveOptions, logger);
    }

    /// <summary>The state requests read and change: every change applied, durable or on its way.</summary>
    protected TState S => _commit.Working;

    /// <summary>What the store acknowledged last: what reads answer.</summary>
    protected TState Durable => _commit.Durable;

    protected DomainClock Clock { get; }

    protected ILogger Logger { get; }

    protected string Id => this.GetPrimaryKeyString();

    protected abstract SitePartKind Kind { get; }

    protected abstract bool IsDefinedIn(TState state);

    protected bool IsDefined => IsDefinedIn(S);

    /// <summary>The site of the working definition; null before the first.</summary>
    protected abstract string? SiteId { get; }

    protected abstract DailyHours Hours();

    protected abstract TSnapshot Snapshot(TState state);

    /// <summary>People in the place (seats taken), as the day's history records it.</summary>
    protected abstract int OccupiedIn(TSnapshot snapshot);

    /// <summary>Capacity (people, or seats) and level of a snapshot, for the gauges.</summary>
    protected abstract (int Capacity, Level Level) GaugeOf(TSnapshot snapshot);

    /// <summary>Tells the site of a written change (<paramref name="latest"/> is the newest snapshot of the write).</summary>
    protected abstract void AnnounceToSite(TSnapshot latest);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _commit = new GroupCommit<TState>(_store, ServiceProvider.GetRequiredService<DeepCopier<TState>>(), this, Logger)
        {
            ReadBack = false,
            Written = OnWritten,
            // The changes of a failed write and those queued behind it were answered storage-unavailable: nobody hears of them.
            Reverted = _unannounced.Clear,
        };
        _publishedVersion = Durable.Version;
        _gauge = ServiceProvider.GetService<OccupancyMetrics>()?.Places.Register(Kind == SitePartKind.Facility ? "facility" : "canteen", Id);
        if (IsDefinedIn(Durable)) Report(Snapshot(Durable));
        await RefreshOpenAsync();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Gone from this silo's gauges: the next activation, here or on another silo, reports the place.
        if (_gauge is not null) ServiceProvider.GetService<OccupancyMetrics>()?.Places.Remove(_gauge);
        return Task.CompletedTask;
    }

    /// <summary>What the gauges show from now on: the last acknowledged snapshot.</summary>
    private void Report(TSnapshot snapshot)
    {
        if (_gauge is null) return;
        var (capacity, level) = GaugeOf(snapshot);
        _gauge.Update(new PlaceReading(SiteIdIn(snapshot), OccupiedIn(snapshot), capacity, level));
    }

    /// <summary>Interleaves with a write that waits on the store (see the interfaces): answers what is durable.</summary>
    public async Task<TSnapshot?> Get()
    {
        await RefreshOpenAsync();
        return IsDefinedIn(Durable) ? Snapshot(Durable) : null;
    }

    public async Task<IVersionedSnapshot?> Watch(ILiveObserver observer)
    {
        if (!IsDefinedIn(Durable)) return null;
        _feed.Subscribe(observer);
        await RefreshOpenAsync();
        return Snapshot(Durable);
    }

    public Task Unwatch(ILiveObserver observer)
    {
        _feed.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task<WriteCount> WriteCount() => Task.FromResult(new WriteCount(_commit.Writes, _changesWritten));

    /// <summary>
    /// Creates or replaces the definition: the place joins its site (which must exist, and never changes), takes
    /// the site's time zone, and opens or closes by its new hours, on time from now on. Access is decided first
    /// (staff of the current and the named site), so a refusal says nothing about the place.
    /// </summary>
    protected async Task<Outcome<DefinitionResult<TSnapshot>>> DefineAsync(Actor actor, string siteId, Action apply)
    {
        await _defining.WaitAsync();
        try
        {
            var currentSiteId = SiteId;
            if (PlaceAccess.MayDefine(actor, Id, currentSiteId, siteId) is { } refusal) return refusal;
            if (currentSiteId is not null && currentSiteId != siteId)
                return new Problem(ProblemCodes.InvalidState, $"'{Id}' belongs to site '{currentSiteId}'; it cannot move to another site.");
            var timeZone = await GrainFactory.GetGrain<ISiteGrain>(siteId).Attach(new SitePart(Kind, Id));
            if (timeZone is null) return Problem.Invalid("siteId", $"Site '{siteId}' does not exist.");

            // From here to the commit nothing awaits: changes made meanwhile are applied before or after, never halfway.
            var created = !IsDefined;
            apply();
            S.TimeZone = timeZone;
            S.Open = Hours().IsOpen(Clock.UtcNow);
            var defined = await CommitAsync();
            // Arms the boundary timer for these hours: a new or redefined place opens on time unasked.
            await RefreshOpenAsync();
            return new DefinitionResult<TSnapshot>(defined, created);
        }
        finally
        {
            _defining.Release();
        }
    }

    public async Task SiteTimeZoneChanged(string timeZone)
    {
        if (!IsDefined || S.TimeZone == timeZone) return;
        S.TimeZone = timeZone;
        ApplyClock();
        await CommitAsync();
    }

    /// <summary>Opening and closing are changes too: the version rises and watchers hear of it once it is written.</summary>
    protected async Task RefreshOpenAsync()
    {
        if (ApplyClock()) await _commit.CommitAsync();
    }

    /// <summary>
    /// Opens or closes the place by the clock, in memory (a change of its own, with its own version), and arms the
    /// timer for the next boundary. A request calls it in the turn that applies its own change, so both go in one write.
    /// </summary>
    /// <returns>Whether the place opened or closed, a change that still has to be written.</returns>
    protected bool ApplyClock()
    {
        if (!IsDefined) return false;
        var hours = Hours();
        var now = Clock.UtcNow;
        var changed = hours.IsOpen(now) != S.Open;
        if (changed)
        {
            S.Open = !S.Open;
            Stamp(arrivals: 0, remember: null);
        }
        _boundary.Schedule(hours.NextChange(now), now, RefreshOpenAsync);
        return changed;
    }

    /// <summary>
    /// Stamps the change just applied (with anything to remember about it, such as the answer under an
    /// Idempotency-Key, in the same write) and answers its snapshot once a write holding it is durable.
    /// Stamping happens before the first await, in the caller's turn.
    /// </summary>
    protected async Task<TSnapshot> CommitAsync(int arrivals = 0, Action<TSnapshot>? remember = null)
    {
        var snapshot = Stamp(arrivals, remember);
        await _commit.CommitAsync();
        return snapshot;
    }

    /// <summary>Completes once everything applied so far is durable (a resent change answers only then).</summary>
    protected Task WrittenAsync() => _commit.CommitAsync();

    private TSnapshot Stamp(int arrivals, Action<TSnapshot>? remember)
    {
        S.Version++;
        S.UpdatedAt = Clock.UtcNow;
        var snapshot = Snapshot(S);
        remember?.Invoke(snapshot);
        _unannounced.Add(new PartReading(S.UpdatedAt, OccupiedIn(snapshot), S.Version, arrivals));
        return snapshot;
    }

    /// <summary>After each acknowledged write: one push of the newest snapshot, and the site and the day told of every change in it.</summary>
    private void OnWritten()
    {
        var durable = Durable;
        var written = _unannounced.TakeWhile(r => r.Version <= durable.Version).ToArray();
        _unannounced.RemoveRange(0, written.Length);
        _changesWritten += written.Length;
        if (durable.Version == _publishedVersion || !IsDefinedIn(durable)) return;
        _publishedVersion = durable.Version;
        var latest = Snapshot(durable);
        Report(latest);
        _feed.Publish(latest);
        AnnounceToSite(latest);
        DayStatsPublisher.PlaceChanged(GrainFactory, Kind, SiteIdIn(latest), Id, durable.TimeZone, written);
    }

    /// <summary>The site a snapshot belongs to.</summary>
    protected abstract string SiteIdIn(TSnapshot snapshot);
}
