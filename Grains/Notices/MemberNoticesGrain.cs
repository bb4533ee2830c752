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
/// back-off, and a reminder brings the grain back to finish after a silo dies. Enqueue, Withdraw and the outbox's timer
/// interleave with the other requests at awaits (so neither a slow gateway nor a read waiting for the member's grain
/// holds up a producer); writes go one at a time.
/// </summary>
internal sealed partial class MemberNoticesGrain : Grain, IMemberNoticesGrain, IRemindable
{
    /// <summary>Its state's name: written after a booking is answered, so the silo defers these writes (Silo/Storage/DeferredWrites.cs).</summary>
    internal const string StateName = "notices";

    private readonly IPersistentState<MemberNoticesState> _state;
    private readonly DomainClock _clock;
    private readonly NoticeOptions _options;
    private readonly ILogger<MemberNoticesGrain> _logger;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Dictionary<string, TimeZoneInfo> _zones = [];
    private readonly HashSet<string> _unwritten = new(StringComparer.Ordinal);

    public MemberNoticesGrain(
        [PersistentState(StateName, StorageNames.Occupancy)] IPersistentState<MemberNoticesState> state,
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

    public Task Enqueue(Notice notice) => Apply(new NoticeChanges([notice], []));

    public Task Withdraw(string noticeId) => Apply(new NoticeChanges([], [noticeId]));

    public async Task Apply(NoticeChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var notice in changes.Enqueue)
        {
            ArgumentNullException.ThrowIfNull(notice);
            if (string.IsNullOrEmpty(notice.NoticeId)) throw new ArgumentException("A notice needs an id.", nameof(changes));
        }
        var contact = changes.Contact;
        try
        {
            if (contact is not null) await Task.WhenAll(changes.Enqueue.Select(n => n.SiteId).Distinct().Select(ZoneAsync));
        }
        catch (Exception error)
        {
            // The site's time zone is the outbox's to find then: a site that does not answer never holds up the notices.
            _logger.LogInformation(error, "A site's time zone is not known yet; the outbox settles the notices");
            contact = null;
        }
        var withdrawn = changes.Withdraw.Count(WithdrawInMemory);
        var added = new List<string>();
        // An interleaved call with one of the same notices may still be writing it: answer only once it is stored.
        var stillWriting = false;
        foreach (var notice in changes.Enqueue)
        {
            if (S.Notices.ContainsKey(notice.NoticeId))
            {
                stillWriting |= _unwritten.Contains(notice.NoticeId);
                continue;
            }
            // Recipients are worked out from the contact sent, else by the outbox: asking the member's grain here would
            // deadlock a producer that is it.
            S.Notices[notice.NoticeId] = new NoticeRecord { Notice = notice, Version = 1 };
            _unwritten.Add(notice.NoticeId);
            added.Add(notice.NoticeId);
        }
        if (withdrawn == 0 && added.Count == 0 && !stillWriting) return;
        if (contact is not null) SettleAtOnce(added, contact);
        if (added.Count > 0) NoticeRetention.Prune(S, Now);
        try
        {
            // The reminder first: a silo that dies right after the write leaves it to bring the outbox back.
            if (added.Count > 0) await EnsureReminderAsync();
            await WriteAsync();
        }
        catch
        {
            foreach (var noticeId in added) S.Notices.Remove(noticeId);
            throw;
        }
        finally
        {
            foreach (var noticeId in added) _unwritten.Remove(noticeId);
        }
        if (changes.Enqueue.Any(n => !S.Notices.ContainsKey(n.NoticeId))) throw new TimeoutException("A notice was not stored; enqueue it again.");
        KickOutbox(TimeSpan.Zero);
    }

    /// <summary>Withdrawn before its recipients were worked out, a notice is never fanned out (ResolveAsync).</summary>
    private bool WithdrawInMemory(string noticeId)
    {
        if (!S.Notices.TryGetValue(noticeId, out var record) || record.Withdrawn) return false;
        record.Withdrawn = true;
        foreach (var delivery in record.Deliveries.Where(d => d.IsOpen)) delivery.Status = NoticeStatus.Withdrawn;
        record.Version++;
        return true;
    }

    /// <summary>
    /// Fans new notices out and decides their deliveries before their first write, as the outbox's pass would, when
    /// the member's own phone is the channel; the family's phones are asked for by the pass.
    /// </summary>
    private void SettleAtOnce(IReadOnlyList<string> added, MemberContact contact)
    {
        if (NoticeRecipients.Effective(S.Preferences, contact.Phone) == NoticeChannel.Family) return;
        var recipients = NoticeRecipients.Of(Id, S.Preferences, contact.Phone, []);
        var (now, real) = (Now, TimeProvider.System.GetUtcNow());
        var due = new List<(NoticeRecord Record, NoticeDelivery Delivery)>();
        foreach (var record in added.Select(id => S.Notices[id]))
        {
            var zone = _zones[record.Notice.SiteId];
            Resolve(record, zone, recipients);
            Decide(record, now, ReleaseAt(record.Notice, now, zone), real, due);
        }
        ListWithoutGateway(due);
    }

    /// <summary>Fans a notice out to its recipients by the preferences as they are now.</summary>
    private async Task ResolveAsync(NoticeRecord record)
    {
        var zone = await ZoneAsync(record.Notice.SiteId);
        IReadOnlyList<NoticeRecipient> recipients = [];
        if (!record.Withdrawn)
        {
            var profile = await ProfileAsync();
            var family = NoticeRecipients.Effective(S.Preferences, profile?.Phone) == NoticeChannel.Family ? await FamilyPhonesAsync(profile) : [];
            recipients = NoticeRecipients.Of(Id, S.Preferences, profile?.Phone, family);
        }
        Resolve(record, zone, recipients);
    }

    private static void Resolve(NoticeRecord record, TimeZoneInfo zone, IReadOnlyList<NoticeRecipient> recipients)
    {
        if (record.Resolved) return;
        var notice = record.Notice;
        record.SiteDate = LocalDates.DateOf(notice.RaisedAt, zone.Id);
        record.Deliveries = [.. recipients.Select(r => new NoticeDelivery
        {
            DeliveryId = DeliveryIds.Of(notice.NoticeId, r.MemberId),
            RecipientMemberId = r.MemberId,
            Phone = r.Phone,
            Status = record.Withdrawn ? NoticeStatus.Withdrawn : NoticeStatus.Pending,
        })];
        record.Resolved = true;
        record.Version++;
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
