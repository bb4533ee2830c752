using Microsoft.Extensions.Logging;
using Occupancy.Grains.Sites;
using Orleans.Storage;

namespace Occupancy.Grains.Stats;

/// <summary>
/// A site's history for one local day. Writes are batched: a change is written at most
/// <see cref="WriteDelay"/> later and on deactivation, never per input. History is statistics that no user
/// was promised anything about, so losing the last seconds of it in a crash is the accepted price for not
/// writing the store on every gate event and seat change; nothing is acknowledged through these inputs.
/// </summary>
internal sealed class SiteDayGrain : Grain, ISiteDayGrain
{
    public static readonly TimeSpan WriteDelay = TimeSpan.FromSeconds(2);

    /// <summary>More facilities and canteens than any complex has; the state stays small whatever is sent.</summary>
    public const int MaxParts = 200;

    /// <summary>How many days beyond retention a new day sweeps, so days without activity are deleted too.</summary>
    private const int SweepDays = 7;

    private readonly IPersistentState<SiteDayState> _state;
    private readonly DomainClock _clock;
    private readonly ILogger<SiteDayGrain> _logger;
    private readonly string _siteId;
    private readonly DateOnly _date;
    private IGrainTimer? _writeTimer;
    private bool _dirty;

    public SiteDayGrain(
        [PersistentState("siteday", StorageNames.Occupancy)] IPersistentState<SiteDayState> state,
        DomainClock clock,
        ILogger<SiteDayGrain> logger)
    {
        _state = state;
        _clock = clock;
        _logger = logger;
        (_siteId, _date) = SiteDayKey.Parse(this.GetPrimaryKeyString());
    }

    private SiteDayState S => _state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken) => DeleteIfPastRetentionAsync();

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _writeTimer?.Dispose();
        _writeTimer = null;
        await WriteAsync(retryLater: false);
    }

    public Task RecordOccupancy(SitePartKind kind, string partId, int localHour, int occupied, long version)
    {
        if (localHour is < 0 or > 23 || occupied < 0 || string.IsNullOrEmpty(partId) || IsPastRetention()) return Task.CompletedTask;
        if (!S.Parts.TryGetValue(partId, out var part))
        {
            if (S.Parts.Count >= MaxParts) return Task.CompletedTask;
            S.Parts[partId] = part = new PartDayState { Kind = kind };
        }
        part.Record(localHour, occupied, version);
        Changed();
        return Task.CompletedTask;
    }

    public Task AddVisits(int count) => Add(count, (s, n) => s.Visits += n);

    public Task AddMealsServed(int count) => Add(count, (s, n) => s.MealsServed += n);

    public Task AddBookings(int count) => Add(count, (s, n) => s.Bookings += n);

    public Task AddCancellations(int count) => Add(count, (s, n) => s.Cancellations += n);

    public Task AddNoShows(int count) => Add(count, (s, n) => s.NoShows += n);

    public Task AddSessionsHeld(int count) => Add(count, (s, n) => s.SessionsHeld += n);

    public async Task<SiteDayRecord> Get(int throughHour)
    {
        await DeleteIfPastRetentionAsync();
        var parts = S.Parts
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new PartHours(p.Key, p.Value.Kind, p.Value.Through(throughHour)))
            .ToArray();
        return new SiteDayRecord(Totals(), parts, S.Generated);
    }

    public async Task<bool> SeedGenerated(IReadOnlyList<PartHours> parts)
    {
        await DeleteIfPastRetentionAsync();
        if (IsPastRetention() || S.Generated || S.Parts.Count > 0 || parts.Count > MaxParts) return false;
        foreach (var part in parts.Where(p => p.Hourly is { Length: 24 } && !string.IsNullOrEmpty(p.Id)))
        {
            S.Parts[part.Id] = PartDayState.Generated(part.Kind, part.Hourly);
        }
        S.Generated = true;
        try
        {
            // Written before it is answered, unlike the batched readings: the seeder counts on what it was told.
            await _state.WriteStateAsync();
        }
        catch
        {
            S.Parts.Clear();
            S.Generated = false;
            throw;
        }
        return true;
    }

    public async Task<SiteDayTotals> GetTotals()
    {
        await DeleteIfPastRetentionAsync();
        return Totals();
    }

    public Task Expire()
    {
        // Activation already deleted a day past retention; nothing needs this activation any longer.
        if (!_dirty) DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private Task Add(int count, Action<SiteDayState, int> add)
    {
        if (count < 1 || IsPastRetention()) return Task.CompletedTask;
        add(S, count);
        Changed();
        return Task.CompletedTask;
    }

    private SiteDayTotals Totals() => new(_date, S.Visits, S.MealsServed, S.Bookings, S.Cancellations, S.NoShows, S.SessionsHeld);

    // The grain knows no time zone: it reads today in UTC, at most a day from the site's own date, which is noise at 400 days.
    private bool IsPastRetention() => HistoryRetention.IsPast(_date, DateOnly.FromDateTime(_clock.UtcNow.UtcDateTime));

    private async Task DeleteIfPastRetentionAsync()
    {
        if (!IsPastRetention()) return;
        _dirty = false;
        if (!_state.RecordExists)
        {
            _state.State = new SiteDayState();
            return;
        }
        try
        {
            await _state.ClearStateAsync();
        }
        catch (Exception error)
        {
            // Still refused and shown empty; the next activation tries the deletion again.
            _logger.LogWarning(error, "Deleting the expired history {Day} failed", this.GetPrimaryKeyString());
            _state.State = new SiteDayState();
        }
    }

    private void Changed()
    {
        _dirty = true;
        _writeTimer ??= this.RegisterGrainTimer(() => WriteAsync(retryLater: true), WriteDelay, Timeout.InfiniteTimeSpan);
    }

    private async Task WriteAsync(bool retryLater)
    {
        _writeTimer?.Dispose();
        _writeTimer = null;
        if (!_dirty) return;
        var first = !_state.RecordExists;
        _dirty = false;
        try
        {
            await _state.WriteStateAsync();
        }
        catch (InconsistentStateException conflict)
        {
            // Another activation wrote meanwhile (or an earlier write landed after all): take the stored day, drop the unwritten seconds.
            _logger.LogWarning(conflict, "History {Day} changed in the store; reloading it", this.GetPrimaryKeyString());
            await _state.ReadStateAsync();
            return;
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "Writing history {Day} failed", this.GetPrimaryKeyString());
            if (retryLater) Changed();
            return;
        }
        if (first) SweepExpiredDays();
    }

    /// <summary>A new day asks the days that just fell out of retention to delete themselves, so no reminder is needed.</summary>
    private void SweepExpiredDays()
    {
        for (var back = 1; back <= SweepDays; back++)
        {
            var expired = _date.AddDays(-HistoryRetention.Days - back);
            _ = GrainFactory.GetGrain<ISiteDayGrain>(SiteDayKey.Of(_siteId, expired)).Expire();
        }
    }
}
