using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Occupancy.Grains.Access;
using Occupancy.Grains.Live;
using Occupancy.Grains.Notices;

namespace Occupancy.Grains.Alerts;

/// <summary>
/// Not reentrant: a check, an acknowledgement and a re-raise of the same alert are decided one after the other.
/// Every change is written before it is answered, pushed or reported; reports to the member (the family notice, the
/// member's history) are an outbox in the state, retried on each reminder until the member's grains have them.
/// </summary>
internal sealed partial class SiteAlertsGrain : Grain, ISiteAlertsGrain
{
    private const string CheckReminder = "absence-check";

    private readonly IPersistentState<SiteAlertsState> _state;
    private readonly DomainClock _clock;
    private readonly AbsenceAlertOptions _options;
    private readonly ILogger<SiteAlertsGrain> _logger;
    private readonly LiveFeed _feed;
    private bool _reminderArmed;
    /// <summary>When the next check falls due, as last read from the site; null until read, and after a canteen changed.</summary>
    private DateTimeOffset? _nextDue;

    public SiteAlertsGrain(
        [PersistentState("siteAlerts", StorageNames.Occupancy)] IPersistentState<SiteAlertsState> state,
        DomainClock clock,
        IOptions<AbsenceAlertOptions> options,
        IOptions<LiveFeedOptions> liveOptions,
        ILogger<SiteAlertsGrain> logger)
    {
        _state = state;
        _clock = clock;
        _options = options.Value;
        _logger = logger;
        _feed = new LiveFeed(this, Topics.Alerts(this.GetPrimaryKeyString()), liveOptions.Value, logger);
    }

    private SiteAlertsState S => _state.State;

    private string SiteId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.ArmedAt is not null) _ = EnsureReminderAsync();
        return Task.CompletedTask;
    }

    public async Task Arm()
    {
        _nextDue = null;
        if (S.ArmedAt is null)
        {
            S.ArmedAt = _clock.UtcNow;
            await WriteAsync();
        }
        await EnsureReminderAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != CheckReminder) return;
        try
        {
            await CheckDue();
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "Absence check of site {Site} failed; the next reminder retries", SiteId);
        }
    }

    public Task<IVersionedSnapshot?> Watch(ILiveObserver observer)
    {
        _feed.Subscribe(observer);
        return Task.FromResult<IVersionedSnapshot?>(Snapshot());
    }

    public Task Unwatch(ILiveObserver observer)
    {
        _feed.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task<Outcome<IReadOnlyList<AbsenceAlert>>> List(Actor actor)
    {
        Outcome<IReadOnlyList<AbsenceAlert>> answer = AlertAccess.MaySeeSiteAlerts(actor, SiteId) is { } refusal ? refusal
            : S.Alerts.Values.OrderBy(a => a.IsOpen ? 0 : 1).ThenByDescending(a => a.RaisedAt).ThenBy(a => a.Id, StringComparer.Ordinal).ToArray();
        return Task.FromResult(answer);
    }

    public async Task<Outcome<AbsenceAlert>> Acknowledge(string alertId, AcknowledgeRequest request, Actor actor)
    {
        if (AlertAccess.MaySeeSiteAlerts(actor, SiteId) is { } refusal) return refusal;
        if (request.Validate() is { } invalid) return invalid;
        if (!S.Alerts.TryGetValue(alertId, out var alert)) return Problem.NotFound($"Alert '{alertId}'");
        if (!alert.IsOpen) return alert;
        var now = _clock.UtcNow;
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        var closed = Change(alert with { Status = AlertStatus.Closed, Acknowledgement = new Acknowledgement(request.Outcome, note, actor.Subject, now) }, now);
        await WriteAsync();
        _feed.Publish(Snapshot());
        await ReportAsync();
        return closed;
    }

    /// <summary>Replaces an alert with its next version and queues the change for the member's history.</summary>
    private AbsenceAlert Change(AbsenceAlert alert, DateTimeOffset now)
    {
        var changed = alert with { Version = alert.Version + 1, UpdatedAt = now };
        S.Alerts[changed.Id] = changed;
        S.RecordDue.Add(changed.Id);
        return changed;
    }

    /// <summary>Open alerts left unacknowledged past <see cref="AbsenceAlertOptions.ReRaiseAfter"/> are raised again, once.</summary>
    private bool Escalate(DateTimeOffset now)
    {
        var stale = S.Alerts.Values.Where(a => a.Status == AlertStatus.Open && now - a.RaisedAt >= _options.ReRaiseAfter).ToArray();
        foreach (var alert in stale) Change(alert with { Status = AlertStatus.Escalated, EscalatedAt = now }, now);
        return stale.Length > 0;
    }

    /// <summary>Delivers the outbox to the member's grains; what fails stays for the next reminder.</summary>
    private async Task ReportAsync()
    {
        var done = false;
        foreach (var id in S.NoticeDue.ToArray())
        {
            if (!S.Alerts.TryGetValue(id, out var alert))
            {
                done |= S.NoticeDue.Remove(id);
                continue;
            }
            try
            {
                await GrainFactory.GetGrain<IMemberNoticesGrain>(alert.MemberId).Enqueue(AbsenceNotice.For(alert));
                done |= S.NoticeDue.Remove(id);
            }
            catch (Exception error)
            {
                _logger.LogWarning(error, "Family notice of an absence alert at site {Site} not yet enqueued; retried", SiteId);
                break;
            }
        }
        foreach (var id in S.RecordDue.ToArray())
        {
            try
            {
                if (S.Alerts.TryGetValue(id, out var alert)) await GrainFactory.GetGrain<IAbsenceWatchGrain>(alert.MemberId).Record(alert);
                done |= S.RecordDue.Remove(id);
            }
            catch (Exception error)
            {
                _logger.LogWarning(error, "Member history of an absence alert at site {Site} not yet written; retried", SiteId);
                break;
            }
        }
        if (done) await WriteAsync();
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var old in S.Alerts.Values.Where(a => !a.IsOpen && now - a.UpdatedAt > _options.History).Select(a => a.Id).ToArray())
            S.Alerts.Remove(old);
        foreach (var old in S.Checked.Where(c => now - c.Value > TimeSpan.FromDays(3)).Select(c => c.Key).ToArray())
            S.Checked.Remove(old);
    }

    private async Task WriteAsync()
    {
        S.Version++;
        S.UpdatedAt = _clock.UtcNow;
        await _state.WriteOrRevertAsync(this, _logger);
    }

    private SiteAlertsSnapshot Snapshot()
    {
        var open = S.Alerts.Values.Where(a => a.IsOpen).OrderBy(a => a.RaisedAt).ThenBy(a => a.Id, StringComparer.Ordinal).ToArray();
        return new SiteAlertsSnapshot(SiteId, open, open.Length, open.Count(a => a.Status == AlertStatus.Escalated), S.Version, S.UpdatedAt);
    }

    private async Task EnsureReminderAsync()
    {
        if (_reminderArmed) return;
        try
        {
            await this.RegisterOrUpdateReminder(CheckReminder, _options.CheckPeriod, _options.CheckPeriod);
            _reminderArmed = true;
        }
        catch (Exception error)
        {
            // A cluster with no reminder service (some tests) runs checks only when asked.
            _logger.LogWarning(error, "Reminder of the absence checks of site {Site} could not be set", SiteId);
        }
    }
}
