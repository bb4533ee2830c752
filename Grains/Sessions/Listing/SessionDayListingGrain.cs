using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Occupancy.Grains.Sessions.Listing;

/// <summary>
/// Held in memory only, and rebuilt: on its first listing it asks the sessions of its calendar it has not heard
/// from, then every <see cref="SessionListingOptions.ReconcileEvery"/> the ones it is missing or has not heard from
/// for long. Reentrant: every change is one synchronous step, and a push never waits behind a slow session.
/// </summary>
[Reentrant]
internal sealed class SessionDayListingGrain(
    DomainClock clock,
    TimeProvider time,
    IOptions<SessionListingOptions> options,
    ILogger<SessionDayListingGrain> logger) : Grain, ISessionDayListingGrain
{
    private readonly SessionListingOptions _options = options.Value;
    private readonly Dictionary<string, DateTimeOffset> _askedAt = new(StringComparer.Ordinal);
    private DayListing _listing = null!;
    private Task? _caughtUp;
    private IGrainTimer? _reconcile;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _listing = new DayListing(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public Task Update(SessionListingEntry entry)
    {
        _listing.Apply(entry.Snapshot.Id, entry, time.GetUtcNow());
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<SessionSnapshot>> List() => (await Entries()).Select(l => l.Snapshot).ToArray();

    public async Task<IReadOnlyList<ListedSession>> Entries()
    {
        await (_caughtUp ??= CatchUpAsync());
        // Sessions whose window opened or closed since their last write: asked (at most once in a while each), as a GET would.
        var now = time.GetUtcNow();
        var behind = _listing.BehindTheClock(clock.UtcNow)
            .Where(id => !_askedAt.TryGetValue(id, out var at) || now - at >= _options.AskTimeout)
            .ToArray();
        if (behind.Length > 0) await AskAsync(behind);
        return _listing.Listed();
    }

    /// <summary>Asks the calendar's sessions this listing is missing or has not heard from for long; never fails.</summary>
    private async Task CatchUpAsync()
    {
        try
        {
            var calendar = await GrainFactory.GetGrain<ISessionCalendarGrain>(_listing.DayKey).List();
            await AskAsync(_listing.ToAsk(calendar.Select(e => e.SessionId), time.GetUtcNow(), _options.ConfirmAfter));
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Listing {Day} could not read its calendar; it answers from what it was told", _listing.DayKey);
        }
        _reconcile ??= this.RegisterGrainTimer(CatchUpAsync, _options.ReconcileEvery, _options.ReconcileEvery);
    }

    private Task AskAsync(IReadOnlyList<string> sessionIds) => Task.WhenAll(sessionIds.Select(AskAsync));

    /// <summary>A session that throws or does not answer in time leaves its last known snapshot in place.</summary>
    private async Task AskAsync(string sessionId)
    {
        _askedAt[sessionId] = time.GetUtcNow();
        try
        {
            var entry = await GrainFactory.GetGrain<ISessionGrain>(sessionId).GetListingEntry().WaitAsync(_options.AskTimeout);
            _listing.Apply(sessionId, entry, time.GetUtcNow());
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Session {Session} did not answer listing {Day}; its last known state stays", sessionId, _listing.DayKey);
        }
    }
}
