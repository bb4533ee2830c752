using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Occupancy.Grains.Access;
using Occupancy.Grains.Live;
using Occupancy.Grains.Sites;
using Orleans.Serialization;
using Orleans.Storage;

namespace Occupancy.Grains;

/// <summary>
/// What facilities and canteens share: a definition on a site, hours that open and close the place (a change
/// caused by the clock alone, like any other), and a snapshot that is written before it is pushed to watchers,
/// to the site's dashboard and to the day's history.
/// <para>
/// While the store is away the place stays active and readable: a failed write puts memory back to what the
/// store acknowledged last (no read-back, which would fail too), and reads made while a write is in flight
/// answer the last acknowledged snapshot. A write that failed but landed after all leaves the store one etag
/// ahead; the next write is then refused as inconsistent and the grain reloads from the store.
/// </para>
/// </summary>
internal abstract class PlaceGrain<TState, TSnapshot> : Grain, IWatchable, ISitePartGrain
    where TState : class, IPlaceState
    where TSnapshot : class, IVersionedSnapshot
{
    private readonly IPersistentState<TState> _state;
    private readonly LiveFeed _feed;
    private readonly BoundaryTimer _boundary;
    private DeepCopier<TState> _copier = null!;
    /// <summary>What the store acknowledged last, to return to when a write fails.</summary>
    private TState _durable = null!;
    /// <summary>The snapshot of <see cref="_durable"/>, answered to reads while a write is in flight.</summary>
    private TSnapshot? _durableSnapshot;
    private bool _writing;

    protected PlaceGrain(IPersistentState<TState> state, DomainClock clock, LiveFeedOptions liveOptions, ILogger logger, Func<string, string> topic)
    {
        _state = state;
        Clock = clock;
        Logger = logger;
        _boundary = new BoundaryTimer(this);
        _feed = new LiveFeed(this, topic(this.GetPrimaryKeyString()), liveOptions, logger);
    }

    protected TState S => _state.State;

    protected DomainClock Clock { get; }

    protected ILogger Logger { get; }

    protected string Id => this.GetPrimaryKeyString();

    protected abstract bool IsDefined { get; }

    protected abstract DailyHours Hours();

    protected abstract TSnapshot Snapshot();

    /// <summary>Tells the site and the day's history of a committed change; <paramref name="arrivals"/> are the people it adds to the day.</summary>
    protected abstract void Announce(TSnapshot snapshot, int arrivals);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _copier = ServiceProvider.GetRequiredService<DeepCopier<TState>>();
        _durable = _copier.Copy(_state.State);
        _durableSnapshot = IsDefined ? Snapshot() : null;
        if (IsDefined) await RefreshOpenAsync();
    }

    /// <summary>Interleaves with a write that waits on the store (see the interfaces): answers what is durable.</summary>
    public async Task<TSnapshot?> Get()
    {
        if (_writing) return _durableSnapshot;
        if (!IsDefined) return null;
        await RefreshOpenAsync();
        return Snapshot();
    }

    public async Task<IVersionedSnapshot?> Watch(ILiveObserver observer)
    {
        if (!IsDefined) return null;
        _feed.Subscribe(observer);
        await RefreshOpenAsync();
        return Snapshot();
    }

    public Task Unwatch(ILiveObserver observer)
    {
        _feed.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Creates or replaces the definition: the place joins its site (which must exist, and never changes), takes
    /// the site's time zone, and opens or closes by its new hours, on time from now on. Access is decided first
    /// (staff of the current and the named site), so a refusal says nothing about the place.
    /// </summary>
    protected async Task<Outcome<DefinitionResult<TSnapshot>>> DefineAsync(Actor actor, string? currentSiteId, string siteId, SitePartKind kind, Action apply)
    {
        if (PlaceAccess.MayDefine(actor, Id, currentSiteId, siteId) is { } refusal) return refusal;
        if (currentSiteId is not null && currentSiteId != siteId)
            return new Problem(ProblemCodes.InvalidState, $"'{Id}' belongs to site '{currentSiteId}'; it cannot move to another site.");
        var timeZone = await GrainFactory.GetGrain<ISiteGrain>(siteId).Attach(new SitePart(kind, Id));
        if (timeZone is null) return Problem.Invalid("siteId", $"Site '{siteId}' does not exist.");

        var created = !IsDefined;
        apply();
        S.TimeZone = timeZone;
        S.Open = Hours().IsOpen(Clock.UtcNow);
        await CommitAsync();
        // Arms the boundary timer for these hours: a new or redefined place opens on time unasked.
        await RefreshOpenAsync();
        return new DefinitionResult<TSnapshot>(Snapshot(), created);
    }

    public async Task SiteTimeZoneChanged(string timeZone)
    {
        if (!IsDefined || S.TimeZone == timeZone) return;
        S.TimeZone = timeZone;
        await CommitAsync();
        await RefreshOpenAsync();
    }

    /// <summary>Opening and closing are changes too: the version rises and watchers hear of it.</summary>
    protected async Task RefreshOpenAsync()
    {
        var hours = Hours();
        var now = Clock.UtcNow;
        if (hours.IsOpen(now) != S.Open)
        {
            S.Open = !S.Open;
            await CommitAsync();
        }
        _boundary.Schedule(hours.NextChange(now), now, RefreshOpenAsync);
    }

    /// <summary>
    /// Stamps and writes the change — with anything to remember about it, such as the answer under an
    /// Idempotency-Key, in the same write — and only then tells anyone.
    /// </summary>
    protected async Task<TSnapshot> CommitAsync(int arrivals = 0, Action<TSnapshot>? remember = null)
    {
        S.Version++;
        S.UpdatedAt = Clock.UtcNow;
        var snapshot = Snapshot();
        remember?.Invoke(snapshot);
        await WriteOrRollBackAsync();
        _durable = _copier.Copy(S);
        _durableSnapshot = snapshot;
        _feed.Publish(snapshot);
        Announce(snapshot, arrivals);
        return snapshot;
    }

    private async Task WriteOrRollBackAsync()
    {
        _writing = true;
        try
        {
            await _state.WriteStateAsync();
        }
        catch (Exception writeError)
        {
            if (writeError is InconsistentStateException)
            {
                // The store holds a write this activation never saw acknowledged: start again from the store.
                Logger.LogWarning(writeError, "State of {Grain} changed under it; deactivating it to reload", GrainContext.GrainId);
                GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "stored state moved on"));
            }
            else
            {
                Logger.LogWarning(writeError, "State write of {Grain} failed; back to the last acknowledged state", GrainContext.GrainId);
            }
            _state.State = _copier.Copy(_durable);
            throw new StorageUnavailableException("The store did not confirm the write; the outcome is unknown.", writeError);
        }
        finally
        {
            _writing = false;
        }
    }
}
