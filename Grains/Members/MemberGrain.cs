using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Occupancy.Grains.Access;
using Occupancy.Grains.Live;
using Occupancy.Grains.Sessions;

namespace Occupancy.Grains.Members;

/// <summary>
/// Not reentrant: a hold checks the member-side rules against the bookings and the other holds and records
/// itself in one turn, so two sessions booking the same member at once are decided one after the other.
/// Holds are written before they are granted, so a restart between the hold and the session's commit does not
/// forget them; a hold the session never commits is dropped once the session says it does not know it.
/// </summary>
internal sealed partial class MemberGrain : Grain, IMemberGrain
{
    /// <summary>Bookings one member can have in the making at once; more is a runaway client.</summary>
    internal const int MaxHolds = 20;
    private static readonly TimeSpan HoldCheckPeriod = TimeSpan.FromSeconds(1);

    private readonly IPersistentState<MemberState> _state;
    private readonly DomainClock _clock;
    private readonly BookingOptions _options;
    private readonly ILogger<MemberGrain> _logger;
    private readonly LiveFeed _feed;
    private readonly InFlightRequests _inFlight = new();
    /// <summary>When this activation first saw each hold (real time: holds settle in seconds whatever the domain clock says).</summary>
    private readonly Dictionary<string, long> _holdSeenAt = [];
    private IGrainTimer? _holdTimer;

    public MemberGrain(
        [PersistentState("member", StorageNames.Occupancy)] IPersistentState<MemberState> state,
        DomainClock clock,
        IOptions<BookingOptions> options,
        IOptions<LiveFeedOptions> liveOptions,
        ILogger<MemberGrain> logger)
    {
        _state = state;
        _clock = clock;
        _options = options.Value;
        _logger = logger;
        _feed = new LiveFeed(this, Topics.Member(this.GetPrimaryKeyString()), liveOptions.Value, logger);
    }

    private MemberState S => _state.State;

    private string Id => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var seen = Stopwatch.GetTimestamp();
        foreach (var id in S.Holds.Keys) _holdSeenAt[id] = seen;
        EnsureHoldTimer();
        return Task.CompletedTask;
    }

    public Task<Outcome<MemberAnswer>> Get(Actor actor)
    {
        // Out of scope is 403 whether or not the member exists; only those in scope learn that it does not.
        Outcome<MemberAnswer> answer = MemberAccess.Sight(actor, Id, S.Profile) switch
        {
            MemberSight.None => Actor.Forbidden($"read member '{Id}'"),
            _ when S.Profile is null => Problem.NotFound("The member"),
            MemberSight.Masked => MaskedView(),
            _ => View(),
        };
        return Task.FromResult(answer);
    }

    public Task<Outcome<MemberBookingsSnapshot>> GetBookings(Actor actor)
    {
        Outcome<MemberBookingsSnapshot> answer = MemberAccess.MayReadPrivate(actor, Id, S.Profile) is { } refusal ? refusal
            : S.Profile is null ? Problem.NotFound("The member")
            : BookingsSnapshot();
        return Task.FromResult(answer);
    }

    public Task<Problem?> MayWatch(Actor actor) => Task.FromResult(MemberAccess.MayReadPrivate(actor, Id, S.Profile));

    public Task<IVersionedSnapshot?> Watch(ILiveObserver observer)
    {
        if (S.Profile is null) return Task.FromResult<IVersionedSnapshot?>(null);
        _feed.Subscribe(observer);
        return Task.FromResult<IVersionedSnapshot?>(BookingsSnapshot());
    }

    public Task Unwatch(ILiveObserver observer)
    {
        _feed.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public async Task<bool> DefineIfAbsent(MemberProfile profile)
    {
        if (S.Profile is not null)
        {
            // The profile is the truth: seeding again re-lists it in the phone index (a no-op when listed).
            if (S.Profile.Phone is { } listed) await (await PhoneIndex.For(GrainFactory, listed)).Add(Id);
            return false;
        }
        return (await Define(profile, Actor.System)).Succeeded;
    }

    public async Task<Outcome<DefinitionResult<MemberView>>> Define(MemberProfile profile, Actor actor)
    {
        if (profile.Validate(Id) is { } invalid) return invalid;
        var previous = S.Profile;
        if (MemberAccess.MayDefine(actor, Id, previous, profile) is { } refusal) return refusal;
        // Indexed before it is written: a look-up checks the profile, so a crash in between shows nothing wrong.
        // Listed again on every save (no write when listed), which also rebuilds an index that lost the entry.
        if (profile.Phone is { } phone) await (await PhoneIndex.For(GrainFactory, phone)).Add(Id);
        S.Profile = profile;
        Touch();
        await _state.WriteOrRevertAsync(this, _logger);
        _feed.Publish(BookingsSnapshot());
        if (previous?.Phone is { } oldPhone && oldPhone != profile.Phone)
            _ = ForgetAsync(UnlistPhoneAsync(oldPhone), "Unlisting the old phone");
        return new DefinitionResult<MemberView>(View(), previous is null);
    }

    public async Task<Outcome<MemberView>> Waive(Actor actor, IdempotencyKey? idempotencyKey = null)
    {
        if (MemberAccess.MayWaive(actor, Id, S.Profile) is { } refusal) return refusal;
        if (S.Profile is null) return Problem.NotFound("The member");
        const string fingerprint = "waive";
        var check = S.Ledger.Begin(idempotencyKey, fingerprint, _inFlight);
        if (check.Verdict == LedgerVerdict.Replay) return check.Result!;
        if (check.Problem is { } repeated) return repeated;
        try
        {
            S.BlockedUntil = null;
            S.CountedNoShows.Clear();
            Touch();
            var view = View();
            S.Ledger.Remember(idempotencyKey, fingerprint, view, _clock.UtcNow, _options.Retention);
            await _state.WriteOrRevertAsync(this, _logger);
            _feed.Publish(BookingsSnapshot());
            return view;
        }
        finally
        {
            _inFlight.End(idempotencyKey);
        }
    }

    public Task<bool> Accepts(Actor actor) => Task.FromResult(S.Profile is not null && MemberAccess.ActsFor(actor, Id, S.Profile));

    /// <summary>
    /// A hold's <c>bookedBy</c> comes from the session's actor: "staff" was decided by the session (staff of its
    /// site); a member id must be this member or a family member, decided here in the hold's turn.
    /// </summary>
    private bool Accepts(MemberProfile profile, string bookedBy) =>
        bookedBy == Id || bookedBy == BookingRequest.Staff || profile.FamilyOrEmpty.Contains(bookedBy);

    // ---- holds -------------------------------------------------------------------------------------------

    public async Task<Problem?> Hold(BookingHold hold)
    {
        var profile = S.Profile;
        // A resident booking for an unknown member is out of scope like one booking for a stranger: 403 either way.
        if (profile is null)
            return hold.BookedBy == BookingRequest.Staff ? Problem.NotFound($"Member '{Id}'") : Actor.Forbidden($"book for member '{Id}'");
        if (!Accepts(profile, hold.BookedBy)) return Actor.Forbidden($"book for member '{Id}'");
        var now = _clock.UtcNow;
        var recheck = hold.Purpose is HoldPurpose.RecheckSeat or HoldPurpose.RecheckWaitlisted;
        // A block stops new bookings and promotions; bookings made before it stand.
        if (!recheck && S.BlockedUntil is { } until && until > now)
            return new Problem(ProblemCodes.Blocked, $"Booking is blocked until {until.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} after repeated no-shows.");
        // Also at promotion: the session's eligibility may have changed since the member joined its waitlist.
        if (Ineligible(profile, hold) is { } reason) return new Problem(ProblemCodes.NotEligible, reason);
        if (hold.Purpose is not (HoldPurpose.Waitlist or HoldPurpose.RecheckWaitlisted) && Overlapping(hold) is { } other)
        {
            // For a booking that exists, a booking still being made elsewhere may yet fail: that is no lasting reason.
            return other.Pending && hold.Purpose is HoldPurpose.Promote or HoldPurpose.RecheckSeat
                ? new Problem(ProblemCodes.RequestInProgress, $"It overlaps {other.What}; retry shortly.")
                : new Problem(ProblemCodes.Overlap, $"It overlaps {other.What}.");
        }
        if (hold.Purpose != HoldPurpose.Promote && UpcomingIn(hold.Category, hold.BookingId, hold.SessionId, now) >= _options.MaxUpcomingPerCategory)
            return new Problem(ProblemCodes.LimitReached, $"At most {_options.MaxUpcomingPerCategory} upcoming bookings per category.");
        if (S.Holds.Count >= MaxHolds && !S.Holds.Values.Any(h => SameSession(h, hold)))
            return new Problem(ProblemCodes.RequestInProgress, "Too many bookings of this member are being made at once; retry shortly.");

        S.Holds[hold.BookingId] = new MemberHold(hold.BookingId, hold.SessionId, hold.Category, hold.StartsAt, hold.EndsAt, hold.Purpose, now);
        await _state.WriteOrRevertAsync(this, _logger);
        _holdSeenAt[hold.BookingId] = Stopwatch.GetTimestamp();
        EnsureHoldTimer();
        return null;
    }

    public async Task ReleaseHold(string bookingId)
    {
        if (!S.Holds.Remove(bookingId)) return;
        _holdSeenAt.Remove(bookingId);
        await _state.WriteOrRevertAsync(this, _logger);
    }

    private static string? Ineligible(MemberProfile profile, BookingHold hold)
    {
        var rules = hold.Eligibility;
        if (rules.AgeGroups is { Count: > 0 } groups && (profile.AgeGroup is not { } age || !groups.Contains(age)))
            return $"This session is for {string.Join(", ", groups.Select(g => g.ToString().ToLowerInvariant()))} members only.";
        if (rules.ResidentsOnly && !profile.Resident) return "This session is for residents only.";
        if (rules.AnnualCardRequired)
        {
            var waived = profile.AgeGroup is { } group && rules.AnnualCardWaivedFor is { } free && free.Contains(group);
            var carded = profile.AnnualCard is { } card && card.SiteId == hold.SiteId && card.ValidUntil >= hold.SessionDate;
            if (!waived && !carded) return "This session needs an annual card of this site, valid on the day.";
        }
        return null;
    }

    /// <summary>A confirmed booking (or a hold for one, then <c>Pending</c>) whose time overlaps; null when none.</summary>
    private (string What, bool Pending)? Overlapping(BookingHold hold)
    {
        bool Overlaps(DateTimeOffset starts, DateTimeOffset ends) => starts < hold.EndsAt && hold.StartsAt < ends;
        // A booking of the same session is the session's to judge (it books a member once): the member may not have
        // heard yet that it was cancelled.
        foreach (var booking in S.Bookings.Values)
        {
            if (booking.SessionId != hold.SessionId && booking.Status is BookingStatus.Confirmed or BookingStatus.CheckedIn && Overlaps(booking.StartsAt, booking.EndsAt))
                return ($"the booked '{booking.Title}' ({booking.SessionId})", false);
        }
        foreach (var other in S.Holds.Values)
        {
            if (!SameSession(other, hold) && other.Purpose is not (HoldPurpose.Waitlist or HoldPurpose.RecheckWaitlisted) && Overlaps(other.StartsAt, other.EndsAt))
                return ($"a booking being made in {other.SessionId}", true);
        }
        return null;
    }

    /// <summary>Upcoming confirmed and waitlisted bookings of a category, with the ones being made.</summary>
    private int UpcomingIn(BookingCategory category, string exceptBookingId, string exceptSessionId, DateTimeOffset now)
    {
        var ids = new HashSet<string>();
        foreach (var b in S.Bookings.Values)
        {
            if (b.Category == category && b.Status is BookingStatus.Confirmed or BookingStatus.Waitlisted && b.StartsAt > now && b.BookingId != exceptBookingId && b.SessionId != exceptSessionId)
                ids.Add(b.BookingId);
        }
        foreach (var h in S.Holds.Values)
        {
            if (h.Category == category && h.Purpose != HoldPurpose.Promote && h.StartsAt > now && h.BookingId != exceptBookingId && h.SessionId != exceptSessionId)
                ids.Add(h.BookingId);
        }
        return ids.Count;
    }

    /// <summary>
    /// A hold left by an earlier attempt at a booking in the same session (a write that landed but timed out, an
    /// unknown outcome) is that request's own: a session books a member once, so it never refuses the retry.
    /// </summary>
    private static bool SameSession(MemberHold other, BookingHold hold) => other.BookingId == hold.BookingId || other.SessionId == hold.SessionId;

    private void EnsureHoldTimer()
    {
        if (S.Holds.Count == 0)
        {
            _holdTimer?.Dispose();
            _holdTimer = null;
        }
        else
        {
            _holdTimer ??= this.RegisterGrainTimer(SettleHoldsAsync, HoldCheckPeriod, HoldCheckPeriod);
        }
    }

    /// <summary>Asks the sessions about holds they have not settled: a booking they have is taken in (as a request of its own, see TakeInAsRequest), one they do not know is dropped.</summary>
    private async Task SettleHoldsAsync()
    {
        var stateChanged = false;
        foreach (var hold in S.Holds.Values.ToArray())
        {
            // A hold restored by a failed write's revert is seen again from now.
            if (!_holdSeenAt.TryGetValue(hold.BookingId, out var seenAt)) _holdSeenAt[hold.BookingId] = seenAt = Stopwatch.GetTimestamp();
            var age = Stopwatch.GetElapsedTime(seenAt);
            if (age < _options.HoldCheckAfter) continue;
            HoldResolution? resolution = null;
            try
            {
                resolution = await GrainFactory.GetGrain<ISessionGrain>(hold.SessionId).ResolveHold(hold.BookingId);
            }
            catch (Exception error)
            {
                _logger.LogInformation(error, "Session {Session} could not settle hold {Booking}", hold.SessionId, hold.BookingId);
            }
            if (resolution is { Outcome: HoldOutcome.Booked, Booking: { } settled })
            {
                TakeInAsRequest(settled);
                continue;
            }
            if (resolution is null || resolution.Outcome == HoldOutcome.Pending)
            {
                if (age < _options.HoldMaxAge) continue;
            }
            S.Holds.Remove(hold.BookingId);
            _holdSeenAt.Remove(hold.BookingId);
            stateChanged = true;
        }
        if (stateChanged)
        {
            try
            {
                await _state.WriteOrRevertAsync(this, _logger);
            }
            catch (StorageUnavailableException error)
            {
                _logger.LogInformation(error, "Settled holds of a member could not be written; retrying");
            }
        }
        EnsureHoldTimer();
    }

    // ---- booking changes from sessions -------------------------------------------------------------------

    public async Task ApplyBookingChanges(IReadOnlyList<MemberBookingChange> changes)
    {
        var now = _clock.UtcNow;
        var stateChanged = false;
        var visible = false;
        foreach (var change in changes)
        {
            var (state, shown) = Apply(change, now);
            stateChanged |= state;
            visible |= shown;
        }
        if (!stateChanged) return;
        if (visible)
        {
            Touch();
            PruneHistory(now);
        }
        if (!await SendNoticesAsync()) throw new StorageUnavailableException("The member's notices did not take the news of these changes; they were not applied.");
        await _state.WriteOrRevertAsync(this, _logger);
        if (visible) _feed.Publish(BookingsSnapshot());
        EnsureHoldTimer();
    }

    private (bool State, bool Visible) Apply(MemberBookingChange change, DateTimeOffset now)
    {
        var stateChanged = false;
        // A promotion's hold stays until the promotion is decided; any other hold is settled by the first news.
        if (S.Holds.TryGetValue(change.BookingId, out var hold) && !(hold.Purpose == HoldPurpose.Promote && change.Status == BookingStatus.Waitlisted))
        {
            S.Holds.Remove(change.BookingId);
            _holdSeenAt.Remove(change.BookingId);
            stateChanged = true;
        }
        if (S.Bookings.TryGetValue(change.BookingId, out var known) && known.Version >= change.Version) return (stateChanged, false);
        NoteNotices(known, change, now);
        if (change.Status == BookingStatus.NoShow && known?.Status != BookingStatus.NoShow) RecordNoShow(change, now);
        S.Bookings[change.BookingId] = change;
        return (true, true);
    }

    private void RecordNoShow(MemberBookingChange noShow, DateTimeOffset now)
    {
        S.NoShows++;
        S.CountedNoShows.Add(now);
        S.CountedNoShows.RemoveAll(at => at < now - _options.NoShowWindow);
        if (S.CountedNoShows.Count < _options.NoShowsBeforeBlock) return;
        S.BlockedUntil = now + _options.BlockFor;
        S.CountedNoShows.Clear();
        NoteBlock(noShow, S.BlockedUntil.Value, now);
    }

    /// <summary>Keeps upcoming bookings always, and past or ended ones up to the history bounds, newest first.</summary>
    private void PruneHistory(DateTimeOffset now)
    {
        var keepFrom = now - _options.MemberHistoryAge;
        var kept = 0;
        foreach (var booking in S.Bookings.Values.OrderByDescending(b => b.StartsAt).ThenByDescending(b => b.CreatedAt).ToArray())
        {
            var upcoming = booking.StartsAt > now && booking.Status is BookingStatus.Confirmed or BookingStatus.Waitlisted;
            if (upcoming) continue;
            if (kept < _options.MemberHistoryMax && booking.StartsAt >= keepFrom) kept++;
            else S.Bookings.Remove(booking.BookingId);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private void Touch()
    {
        S.Version++;
        S.UpdatedAt = _clock.UtcNow;
    }

    private MemberView View()
    {
        var p = S.Profile!;
        var blockedUntil = S.BlockedUntil is { } until && until > _clock.UtcNow ? until : (DateTimeOffset?)null;
        return new MemberView(Id, p.Name, p.Phone, p.HomeSiteId, p.AgeGroup, p.Resident, p.AnnualCard, p.FamilyOrEmpty,
            S.NoShows, blockedUntil, S.Version, S.UpdatedAt);
    }

    private MaskedMemberView MaskedView()
    {
        var p = S.Profile!;
        return new MaskedMemberView(Id, MemberMask.Name(p.Name), MemberMask.Phone(p.Phone), p.HomeSiteId, S.Version, S.UpdatedAt);
    }

    private MemberBookingsSnapshot BookingsSnapshot() =>
        new(Id,
            S.Bookings.Values.OrderByDescending(b => b.StartsAt).ThenByDescending(b => b.CreatedAt).Select(MemberBookingView.From).ToArray(),
            S.Version, S.UpdatedAt);

    private async Task UnlistPhoneAsync(string phone) => await (await PhoneIndex.For(GrainFactory, phone)).Remove(Id);

    private async Task ForgetAsync(Task task, string what)
    {
        try
        {
            await task;
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "{What} of a member failed", what);
        }
    }
}
