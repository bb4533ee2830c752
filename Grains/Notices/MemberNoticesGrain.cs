using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Occupancy.Grains.Access;
using Occupancy.Grains.Members;
using Occupancy.Grains.Sites;
using Occupancy.Grains.Stats;

namespace Occupancy.Grains.Notices;

/// <summary>
/// A member's notice preferences and outbox. A notice is fanned out to its recipients and written before Enqueue
/// returns; the outbox (<c>MemberNoticesGrain.Outbox.cs</c>) then sends each delivery at least once, retrying with
/// back-off, and a reminder brings the grain back to finish after a silo dies. Commands and the outbox interleave
/// only at awaits (the outbox's timer interleaves, so a slow gateway never holds up a producer); writes go one at a time.
/// </summary>
internal sealed partial class MemberNoticesGrain : Grain, IMemberNoticesGrain, IRemindable
{
    private readonly IPersistentState<MemberNoticesState> _state;
    private readonly DomainClock _clock;
    private readonly NoticeOptions _options;
    private readonly ILogger<MemberNoticesGrain> _logger;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Dictionary<string, TimeZoneInfo> _zones = [];

    public MemberNoticesGrain(
        [PersistentState("notices", StorageNames.Occupancy)] IPersistentState<MemberNoticesState> state,
        DomainClock clock,
        IOptions<NoticeOptions> options,
        ILogger<MemberNoticesGrain> logger)
    {
        _state = state;
        _clock = clock;
        _options = options.Value;
        _logger = logger;
    }

    private MemberNoticesState S => _state.State;

    private string Id => this.GetPrimaryKeyString();

    private DateTimeOffset Now => _clock.UtcNow;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Whatever a previous activation left open (a crash, a deactivation with retries pending) goes on now.
        if (Owed) KickOutbox(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    public async Task Enqueue(Notice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (string.IsNullOrEmpty(notice.NoticeId)) throw new ArgumentException("A notice needs an id.", nameof(notice));
        if (S.Notices.ContainsKey(notice.NoticeId)) return;
        var profile = await ProfileAsync();
        var family = S.Preferences?.Channel is NoticeChannel.Family || (S.Preferences?.Channel is null && profile?.Phone is null)
            ? await FamilyPhonesAsync(profile)
            : [];
        // Another turn may have enqueued the same notice while this one read the profiles.
        if (S.Notices.ContainsKey(notice.NoticeId)) return;
        var recipients = NoticeRecipients.Of(Id, S.Preferences, profile?.Phone, family);
        var record = new NoticeRecord
        {
            Notice = notice,
            SiteDate = LocalDates.DateOf(notice.RaisedAt, (await ZoneAsync(notice.SiteId)).Id),
            Version = 1,
            Deliveries = [.. recipients.Select(r => new NoticeDelivery
            {
                DeliveryId = DeliveryIds.Of(notice.NoticeId, r.MemberId),
                RecipientMemberId = r.MemberId,
                Phone = r.Phone,
            })],
        };
        S.Notices[notice.NoticeId] = record;
        NoticeRetention.Prune(S, Now);
        try
        {
            // The reminder first: a silo that dies right after the write leaves it to bring the outbox back.
            await EnsureReminderAsync();
            await WriteAsync();
        }
        catch
        {
            S.Notices.Remove(notice.NoticeId);
            throw;
        }
        KickOutbox(TimeSpan.Zero);
    }

    public async Task Withdraw(string noticeId)
    {
        if (!S.Notices.TryGetValue(noticeId, out var record) || record.Withdrawn) return;
        record.Withdrawn = true;
        foreach (var delivery in record.Deliveries.Where(d => d.IsOpen)) delivery.Status = NoticeStatus.Withdrawn;
        record.Version++;
        await WriteAsync();
        KickOutbox(TimeSpan.Zero);
    }

    public async Task<Outcome<NoticePreferencesView>> GetPreferences(Actor actor)
    {
        var profile = await ProfileAsync();
        if (NoticeAccess.MayReadMember(actor, Id, profile) is { } refusal) return refusal;
        if (profile is null) return Problem.NotFound("The member");
        return PreferencesView(profile);
    }

    public async Task<Outcome<NoticePreferencesView>> SetPreferences(NoticePreferences preferences, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        var profile = await ProfileAsync();
        if (NoticeAccess.MaySetPreferences(actor, Id, profile) is { } refusal) return refusal;
        if (profile is null) return Problem.NotFound("The member");
        if (preferences.Validate() is { } invalid) return invalid;
        if (preferences == S.Preferences) return PreferencesView(profile);
        var previous = (S.Preferences, S.PreferencesVersion);
        S.Preferences = preferences;
        S.PreferencesVersion++;
        try
        {
            await WriteAsync();
        }
        catch
        {
            (S.Preferences, S.PreferencesVersion) = previous;
            throw;
        }
        // Held notices look at the new quiet hours at once.
        KickOutbox(TimeSpan.Zero);
        return PreferencesView(profile);
    }

    public async Task<Outcome<IReadOnlyList<NoticeView>>> List(Actor actor)
    {
        var profile = await ProfileAsync();
        if (NoticeAccess.MayReadMember(actor, Id, profile) is { } refusal) return refusal;
        if (profile is null && S.Notices.Count == 0) return Problem.NotFound("The member");
        return S.Notices.Values.OrderByDescending(r => r.Notice.RaisedAt).ThenBy(r => r.Notice.NoticeId, StringComparer.Ordinal)
            .Select(r => r.View()).ToList();
    }

    private NoticePreferencesView PreferencesView(MemberProfile profile)
    {
        var preferences = S.Preferences ?? NoticePreferences.Default;
        return new NoticePreferencesView(Id, NoticeRecipients.Effective(S.Preferences, profile.Phone), S.Preferences?.Channel is null,
            preferences.QuietFrom, preferences.QuietUntil, S.PreferencesVersion);
    }

    private async Task WriteAsync()
    {
        await _writeGate.WaitAsync();
        try
        {
            await _state.WriteStateAsync();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<MemberProfile?> ProfileAsync() =>
        (await GrainFactory.GetGrain<IMemberGrain>(Id).Get(Actor.System)).Value is MemberView v
            ? new MemberProfile(v.Name, v.Phone, v.HomeSiteId, v.AgeGroup, v.Resident, v.AnnualCard, v.Family)
            : null;

    private async Task<IReadOnlyList<NoticeRecipient>> FamilyPhonesAsync(MemberProfile? profile)
    {
        if (profile is null) return [];
        var found = await Task.WhenAll(profile.FamilyOrEmpty.Distinct(StringComparer.Ordinal).Select(async id =>
            (await GrainFactory.GetGrain<IMemberGrain>(id).Get(Actor.System)).Value is MemberView { Phone: { } phone } ? new NoticeRecipient(id, phone) : null));
        return [.. found.OfType<NoticeRecipient>()];
    }

    private async Task<TimeZoneInfo> ZoneAsync(string siteId)
    {
        if (_zones.TryGetValue(siteId, out var zone)) return zone;
        zone = Ids.IsValid(siteId) && await GrainFactory.GetGrain<ISiteGrain>(siteId).GetSummary() is { } site
            ? LocalDates.Zone(site.TimeZone)
            : TimeZoneInfo.Utc;
        return _zones[siteId] = zone;
    }
}
