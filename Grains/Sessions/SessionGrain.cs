using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Occupancy.Grains.Access;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Live;
using Occupancy.Grains.Members;
using Occupancy.Grains.Sites;
using Occupancy.Grains.Stats;
using Orleans.Serialization;

namespace Occupancy.Grains.Sessions;

/// <summary>
/// Reentrant so a rush is served by group commit: each request validates and applies its change in one turn
/// (no await in between, so capacity can never be exceeded), then awaits the shared next write. The only await
/// before that is the member's hold; during it the seat or waitlist place is reserved in memory, so arrival
/// order is fixed when the request arrives. Booking changes reach members through an outbox kept in the same
/// state and retried until acknowledged.
/// </summary>
[Reentrant]
internal sealed class SessionGrain : Grain, ISessionGrain, IRemindable
{
    internal const string DeadlineReminder = "session-deadlines";
    private static readonly TimeSpan OutboxReminderDue = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan PromotionRetry = TimeSpan.FromSeconds(2);

    private readonly IPersistentState<SessionState> _store;
    private readonly DeepCopier<SessionState> _copier;
    private readonly DomainClock _clock;
    private readonly BookingOptions _options;
    private readonly ILogger<SessionGrain> _logger;
    private readonly LiveFeed _feed;
    private readonly BoundaryTimer _boundary;
    private readonly InFlightRequests _inFlight = new();
    /// <summary>Places promised to requests that await their member's hold, by booking id.</summary>
    private readonly Dictionary<string, Reservation> _reservations = [];
    /// <summary>Outbox versions members have acknowledged, so an entry is not sent again before its removal is written.</summary>
    private readonly Dictionary<string, long> _delivered = [];
    private GroupCommit<SessionState> _commit = null!;
    private long _nextSeq;
    private string? _promoting;
    private bool _promotionRunning;
    private bool _promotionAgain;
    private bool _dispatching;
    private bool _dispatchAgain;
    private TimeSpan _outboxDelay;
    private IGrainTimer? _outboxRetry;
    private IGrainTimer? _promotionRetry;
    private long _publishedVersion;
    private DateTimeOffset? _deadlineArmed;
    private DateTimeOffset? _reminderDueAt;
    private bool _reminderMayExist = true;
    private bool _reminderBusy;
    private bool _reminderAgain;

    public SessionGrain(
        [PersistentState("session", StorageNames.Occupancy)] IPersistentState<SessionState> store,
        DeepCopier<SessionState> copier,
        DomainClock clock,
        IOptions<BookingOptions> options,
        IOptions<LiveFeedOptions> liveOptions,
        ILogger<SessionGrain> logger)
    {
        _store = store;
        _copier = copier;
        _clock = clock;
        _options = options.Value;
        _logger = logger;
        _boundary = new BoundaryTimer(this);
        _feed = new LiveFeed(this, Topics.Session(this.GetPrimaryKeyString()), liveOptions.Value, logger);
        _outboxDelay = _options.OutboxRetryFirst;
    }

    private sealed record Reservation(string MemberId, bool Seat, long Seq);

    private string Id => this.GetPrimaryKeyString();

    private SessionState W => _commit.Working;

    private SessionState D => _commit.Durable;

    private DateTimeOffset Now => _clock.UtcNow;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _commit = new GroupCommit<SessionState>(_store, _copier, this, _logger)
        {
            Written = OnWritten,
            Reverted = () =>
            {
                OnReverted();
                // A write that timed out may have landed: what the store holds now is delivered and acted on.
                KickOutbox();
                KickPromotion();
            },
        };
        _publishedVersion = D.Version;
        OnReverted();
        if (W.Definition is null) return;
        if (ApplyClock(Now) is { } clockChange) await clockChange;
        KickOutbox();
        KickPromotion();
    }

    // ---- reads -------------------------------------------------------------------------------------------

    public async Task<SessionSnapshot?> Get()
    {
        if (D.Definition is null) return null;
        if (ApplyClock(Now) is { } clockChange) await clockChange;
        return Snapshot(D);
    }

    public async Task<IVersionedSnapshot?> Watch(ILiveObserver observer)
    {
        if (D.Definition is null) return null;
        _feed.Subscribe(observer);
        if (ApplyClock(Now) is { } clockChange) await clockChange;
        return Snapshot(D);
    }

    public Task Unwatch(ILiveObserver observer)
    {
        _feed.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public async Task<Outcome<BookingSnapshot>> GetBooking(string bookingId, Actor actor)
    {
        if (await BookingRefusalAsync(bookingId, actor) is { } refusal) return refusal;
        if (D.Definition is null) return Problem.NotFound("The session");
        if (ApplyClock(Now) is { } clockChange) await clockChange;
        return D.Bookings.TryGetValue(bookingId, out var booking) ? ToSnapshot(booking) : Problem.NotFound("The booking");
    }

    public async Task<Outcome<IReadOnlyList<BookingSnapshot>>> ListBookings(Actor actor)
    {
        if (SessionAccess.MayManage(actor, Id, W.Definition?.SiteId) is { } refusal) return refusal;
        if (D.Definition is null) return Problem.NotFound("The session");
        if (ApplyClock(Now) is { } clockChange) await clockChange;
        var all = D.Bookings.Values;
        return all.Where(b => b.HasSeat || b.Status == BookingStatus.NoShow).OrderBy(b => b.Seq)
            .Concat(all.Where(b => b.Status == BookingStatus.Waitlisted).OrderBy(b => b.Seq))
            .Concat(all.Where(b => b.HasEnded).OrderBy(b => b.UpdatedAt).ThenBy(b => b.Seq))
            .Select(ToSnapshot)
            .ToArray();
    }

    /// <summary>
    /// Whether <paramref name="actor"/> may read or cancel the booking; null when allowed. A resident who is not
    /// the booking's member is asked about as family of the member; an unknown booking is nobody's but staff's.
    /// </summary>
    private async Task<Problem?> BookingRefusalAsync(string bookingId, Actor actor)
    {
        var memberId = W.Bookings.TryGetValue(bookingId, out var booking) ? booking.MemberId : null;
        return SessionAccess.ForBooking(actor, W.Definition?.SiteId, memberId) switch
        {
            BookingAccess.Allowed => null,
            BookingAccess.IfFamily when await Member(memberId!).Accepts(actor) => null,
            _ => SessionAccess.ForbiddenBooking(bookingId),
        };
    }

    public Task<HoldResolution> ResolveHold(string bookingId)
    {
        if (_reservations.ContainsKey(bookingId) || _promoting == bookingId)
            return Task.FromResult(new HoldResolution(HoldOutcome.Pending));
        if (W.Bookings.TryGetValue(bookingId, out var working))
        {
            if (!D.Bookings.TryGetValue(bookingId, out var durable) || durable.Version != working.Version)
                return Task.FromResult(new HoldResolution(HoldOutcome.Pending));
            return Task.FromResult(new HoldResolution(HoldOutcome.Booked, ToChange(durable, D)));
        }
        return Task.FromResult(new HoldResolution(HoldOutcome.Unknown));
    }

    // ---- definition --------------------------------------------------------------------------------------

    public Task<Outcome<DefinitionResult<SessionSnapshot>>> Define(SessionDefinition definition, Actor actor) => DefineCore(definition, actor, onlyIfAbsent: false);

    public async Task<bool> DefineIfAbsent(SessionDefinition definition)
    {
        if (W.Definition is not null) return false;
        var outcome = await DefineCore(definition, Actor.System, onlyIfAbsent: true);
        if (!outcome.Succeeded && outcome.Problem!.Code != ProblemCodes.InvalidState)
            _logger.LogWarning("Session {Session} was not generated: {Problem}", Id, outcome.Problem.Detail);
        return outcome.Succeeded;
    }

    private async Task<Outcome<DefinitionResult<SessionSnapshot>>> DefineCore(SessionDefinition definition, Actor actor, bool onlyIfAbsent)
    {
        if (definition.Validate() is { } invalid) return invalid;
        if (SessionAccess.MayDefine(actor, Id, W.Definition?.SiteId, definition.SiteId) is { } refusal) return refusal;
        if (W.Definition is { } current && current.SiteId != definition.SiteId)
            return new Problem(ProblemCodes.InvalidState, $"The session belongs to site '{current.SiteId}'; it cannot move to another site.");
        var site = await GrainFactory.GetGrain<ISiteGrain>(definition.SiteId).GetSummary();
        if (site is null) return Problem.Invalid("siteId", $"Site '{definition.SiteId}' does not exist.");
        if (!await BelongsToSiteAsync(definition.FacilityId, definition.SiteId))
            return Problem.Invalid("facilityId", $"'{definition.FacilityId}' is not a facility or canteen of site '{definition.SiteId}'.");
        var zone = DailyHours.FindZone(site.TimeZone) ?? TimeZoneInfo.Utc;
        var date = LocalDate(definition.StartsAt, zone);
        // Listed before it is written: a listing checks every entry against the session itself.
        if (!await GrainFactory.GetGrain<ISessionCalendarGrain>(CalendarEntry.CalendarKey(definition.SiteId, date))
                .Add(new CalendarEntry(Id, definition.FacilityId, definition.StartsAt)))
            return new Problem(ProblemCodes.InvalidState, $"Site '{definition.SiteId}' already has the most sessions a day can list on {date:yyyy-MM-dd}.");

        // From here on, one turn: nothing else can change the session in between.
        var previous = W.Definition;
        if (onlyIfAbsent && previous is not null) return new Problem(ProblemCodes.InvalidState, "The session exists already.");
        if (W.Cancelled) return new Problem(ProblemCodes.InvalidState, "A cancelled session cannot be changed.");
        if (previous is not null)
        {
            var seats = SeatsTaken();
            if (definition.Capacity < seats)
                return new Problem(ProblemCodes.InvalidState, $"{seats} seats are booked; capacity cannot go below that.");
            var waiting = Waiting();
            if (definition.WaitlistCapacity < waiting)
                return new Problem(ProblemCodes.InvalidState, $"{waiting} members are waitlisted; waitlistCapacity cannot go below that.");
        }
        var previousDate = previous is null ? (DateOnly?)null : LocalDate(previous.StartsAt, DailyHours.FindZone(W.TimeZone) ?? TimeZoneInfo.Utc);
        var now = Now;
        W.Definition = definition;
        W.TimeZone = site.TimeZone;
        var version = Bump(now);
        // Members show title and times: every active booking is sent again.
        foreach (var booking in W.Bookings.Values.Where(b => b.Status is BookingStatus.Confirmed or BookingStatus.Waitlisted or BookingStatus.CheckedIn).ToArray())
        {
            Enqueue(W.Bookings[booking.BookingId] = booking with { Version = version });
        }
        _deadlineArmed = null;
        // When the clock changed something too, that write already holds the new definition.
        await (ApplyClock(now) ?? _commit.CommitAsync());
        if (previous is not null && (previousDate != date || previous.FacilityId != definition.FacilityId) && previousDate is { } oldDate)
            Observe(GrainFactory.GetGrain<ISessionCalendarGrain>(CalendarEntry.CalendarKey(previous.SiteId, oldDate)).Remove(Id), "Unlisting from the old date");
        KickPromotion();
        return new DefinitionResult<SessionSnapshot>(Snapshot(D), previous is null);
    }

    private async Task<bool> BelongsToSiteAsync(string facilityId, string siteId)
    {
        var facility = await GrainFactory.GetGrain<IFacilityGrain>(facilityId).Get();
        if (facility is not null) return facility.SiteId == siteId;
        var canteen = await GrainFactory.GetGrain<ICanteenGrain>(facilityId).Get();
        return canteen?.SiteId == siteId;
    }

    // ---- booking -----------------------------------------------------------------------------------------

    public async Task<Outcome<BookingSnapshot>> Book(BookingRequest request, Actor actor, IdempotencyKey? idempotencyKey = null)
    {
        if (SessionAccess.MayBook(actor, Id, W.Definition?.SiteId) is { } forbidden) return forbidden;
        if (W.Definition is null) return Problem.NotFound("The session");
        if (request.Validate() is { } invalid) return invalid;
        // Who booked is the actor, never the body's bookedBy.
        var bookedBy = actor.BookedBy;
        var now = Now;
        _ = ApplyClock(now);
        var fingerprint = $"book\n{request.MemberId}\n{bookedBy}";
        var check = W.Ledger.Begin(idempotencyKey, fingerprint, _inFlight);
        if (check.Verdict == LedgerVerdict.Replay) return check.Result!.Booking!;
        if (check.Problem is { } repeated) return repeated;

        string? bookingId = null;
        try
        {
            if (WindowProblem(now) is { } closed) return closed;
            if (W.Bookings.Values.Any(b => b.MemberId == request.MemberId && b.IsActive) || _reservations.Values.Any(r => r.MemberId == request.MemberId))
                return new Problem(ProblemCodes.AlreadyBooked, $"Member '{request.MemberId}' already has a booking in this session.");

            // Fairness: while anyone waits, a free seat belongs to the waitlist, not to a newcomer.
            var d = W.Definition;
            var waiting = Waiting();
            bool seat;
            if (SeatsTaken() < d.Capacity && waiting == 0) seat = true;
            else if (waiting < d.WaitlistCapacity) seat = false;
            else return new Problem(ProblemCodes.Full, "The session and its waitlist are full.");

            bookingId = NewBookingId();
            var reservation = new Reservation(request.MemberId, seat, _nextSeq++);
            _reservations[bookingId] = reservation;

            var refusal = await Member(request.MemberId).Hold(HoldFor(bookingId, bookedBy, seat ? HoldPurpose.Confirm : HoldPurpose.Waitlist));
            if (refusal is not null) return refusal;

            // One turn again, from here until the write is requested.
            now = Now;
            _ = ApplyClock(now);
            if (WindowProblem(now) is { } closedMeanwhile)
            {
                ReleaseHold(request.MemberId, bookingId);
                return closedMeanwhile;
            }
            _reservations.Remove(bookingId);
            var version = Bump(now);
            W.Bookings[bookingId] = new Booking(bookingId, request.MemberId, bookedBy, seat ? BookingStatus.Confirmed : BookingStatus.Waitlisted,
                reservation.Seq, null, null, now, now, version);
            if (!seat) RecomputePositions(version, now);
            var booking = W.Bookings[bookingId];
            Enqueue(booking);
            var reply = ToSnapshot(booking);
            W.Ledger.Remember(idempotencyKey, fingerprint, new SessionReply(reply, null), now, _options.Retention);
            try
            {
                await _commit.CommitAsync();
            }
            catch (StorageUnavailableException)
            {
                ReleaseHold(request.MemberId, bookingId);
                throw;
            }
            Count(now, day => day.AddBookings(1));
            return reply;
        }
        finally
        {
            _inFlight.End(idempotencyKey);
            if (bookingId is not null && _reservations.Remove(bookingId, out var released)) OnReservationReleased(released);
        }
    }

    public async Task<Outcome<BookingSnapshot>> CancelBooking(string bookingId, Actor actor, IdempotencyKey? idempotencyKey = null)
    {
        if (await BookingRefusalAsync(bookingId, actor) is { } refusal) return refusal;
        if (W.Definition is null) return Problem.NotFound("The session");
        _ = ApplyClock(Now);
        var fingerprint = $"cancel\n{bookingId}";
        var check = W.Ledger.Begin(idempotencyKey, fingerprint, _inFlight);
        if (check.Verdict == LedgerVerdict.Replay) return check.Result!.Booking!;
        if (check.Problem is { } repeated) return repeated;
        try
        {
            // One turn from here.
            var now = Now;
            _ = ApplyClock(now);
            if (!W.Bookings.TryGetValue(bookingId, out var booking)) return Problem.NotFound("The booking");
            if (booking.Status == BookingStatus.Cancelled) return await AnswerWhenDurableAsync(booking);
            if (booking.Status is not (BookingStatus.Confirmed or BookingStatus.Waitlisted))
                return new Problem(ProblemCodes.InvalidState, $"A booking that is {Camel(booking.Status)} cannot be cancelled.");
            var d = W.Definition;
            if (now >= d.StartsAt) return new Problem(ProblemCodes.InvalidState, "The session has started; its bookings can no longer be cancelled.");

            var hadSeat = booking.Status == BookingStatus.Confirmed;
            var version = Bump(now);
            W.Bookings[bookingId] = booking with
            {
                Status = BookingStatus.Cancelled,
                WaitlistPosition = null,
                // Giving up a seat late costs the others a place; giving up a waitlist place does not.
                Late = hadSeat && now > d.CancelFreeUntil,
                UpdatedAt = now,
                Version = version,
            };
            if (!hadSeat) RecomputePositions(version, now);
            Enqueue(W.Bookings[bookingId]);
            PruneEndedBookings();
            var reply = ToSnapshot(W.Bookings[bookingId]);
            W.Ledger.Remember(idempotencyKey, fingerprint, new SessionReply(reply, null), now, _options.Retention);
            await _commit.CommitAsync();
            Count(now, day => day.AddCancellations(1));
            KickPromotion();
            return reply;
        }
        finally
        {
            _inFlight.End(idempotencyKey);
        }
    }

    public async Task<Outcome<BookingSnapshot>> CheckIn(string bookingId, Actor actor, IdempotencyKey? idempotencyKey = null)
    {
        if (SessionAccess.MayCheckIn(actor, Id, W.Definition?.SiteId) is { } refusal) return refusal;
        if (W.Definition is null) return Problem.NotFound("The session");
        var now = Now;
        _ = ApplyClock(now);
        var fingerprint = $"check-in\n{bookingId}";
        var check = W.Ledger.Begin(idempotencyKey, fingerprint, _inFlight);
        if (check.Verdict == LedgerVerdict.Replay) return check.Result!.Booking!;
        if (check.Problem is { } repeated) return repeated;
        try
        {
            if (!W.Bookings.TryGetValue(bookingId, out var booking)) return Problem.NotFound("The booking");
            if (booking.Status == BookingStatus.CheckedIn) return await AnswerWhenDurableAsync(booking);
            if (booking.Status != BookingStatus.Confirmed)
                return new Problem(ProblemCodes.InvalidState, $"A booking that is {Camel(booking.Status)} cannot be checked in.");
            var opensAt = W.Definition.StartsAt - _options.CheckInOpensBefore;
            if (now < opensAt) return new Problem(ProblemCodes.InvalidState, $"Check-in opens at {opensAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}.");

            var version = Bump(now);
            W.Bookings[bookingId] = booking with { Status = BookingStatus.CheckedIn, UpdatedAt = now, Version = version };
            Enqueue(W.Bookings[bookingId]);
            var reply = ToSnapshot(W.Bookings[bookingId]);
            W.Ledger.Remember(idempotencyKey, fingerprint, new SessionReply(reply, null), now, _options.Retention);
            await _commit.CommitAsync();
            return reply;
        }
        finally
        {
            _inFlight.End(idempotencyKey);
        }
    }

    public async Task<Outcome<SessionSnapshot>> Cancel(Actor actor, IdempotencyKey? idempotencyKey = null)
    {
        if (SessionAccess.MayManage(actor, Id, W.Definition?.SiteId) is { } refusal) return refusal;
        if (W.Definition is null) return Problem.NotFound("The session");
        var now = Now;
        _ = ApplyClock(now);
        const string fingerprint = "cancel-session";
        var check = W.Ledger.Begin(idempotencyKey, fingerprint, _inFlight);
        if (check.Verdict == LedgerVerdict.Replay) return check.Result!.Session!;
        if (check.Problem is { } repeated) return repeated;
        try
        {
            if (W.Cancelled)
            {
                if (!D.Cancelled) await _commit.CommitAsync();
                return Snapshot(D);
            }
            var version = Bump(now);
            W.Cancelled = true;
            var cancelled = 0;
            foreach (var booking in W.Bookings.Values.Where(b => b.Status is BookingStatus.Confirmed or BookingStatus.Waitlisted).ToArray())
            {
                Enqueue(W.Bookings[booking.BookingId] = booking with
                {
                    Status = BookingStatus.Cancelled, WaitlistPosition = null, Late = false, UpdatedAt = now, Version = version,
                });
                cancelled++;
            }
            var reply = Snapshot(W);
            W.Ledger.Remember(idempotencyKey, fingerprint, new SessionReply(null, reply), now, _options.Retention);
            _deadlineArmed = null;
            ArmDeadlines(now);
            await _commit.CommitAsync();
            if (cancelled > 0) Count(now, day => day.AddCancellations(cancelled));
            return reply;
        }
        finally
        {
            _inFlight.End(idempotencyKey);
        }
    }

    /// <summary>A repeat of a move already made answers the same again, but never before that move is durable.</summary>
    private async Task<Outcome<BookingSnapshot>> AnswerWhenDurableAsync(Booking booking)
    {
        if (!D.Bookings.TryGetValue(booking.BookingId, out var durable) || durable.Version != booking.Version)
            await _commit.CommitAsync();
        return ToSnapshot(booking);
    }

    private Problem? WindowProblem(DateTimeOffset now)
    {
        var d = W.Definition!;
        if (W.Cancelled) return new Problem(ProblemCodes.BookingClosed, "The session was cancelled.");
        if (now < d.BookingOpensAt)
            return new Problem(ProblemCodes.BookingNotOpen, $"Booking opens at {d.BookingOpensAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}.");
        if (now >= d.BookingClosesAt) return new Problem(ProblemCodes.BookingClosed, "Booking for this session has closed.");
        return null;
    }

    private void OnReservationReleased(Reservation released)
    {
        // A place promised and not taken: later waiters move up, and a free seat goes to the waitlist.
        if (!released.Seat && W.Definition is not null
            && W.Bookings.Values.Any(b => b.Status == BookingStatus.Waitlisted && b.Seq > released.Seq))
        {
            var now = Now;
            RecomputePositions(Bump(now), now);
            Observe(_commit.CommitAsync(), "Moving the waitlist up");
        }
        KickPromotion();
    }

    // ---- promotion ---------------------------------------------------------------------------------------

    private void KickPromotion()
    {
        if (_promotionRunning)
        {
            _promotionAgain = true;
            return;
        }
        _ = PromoteAsync();
    }

    private async Task PromoteAsync()
    {
        _promotionRunning = true;
        try
        {
            do
            {
                _promotionAgain = false;
                while (await PromoteNextAsync())
                {
                }
            }
            while (_promotionAgain);
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "Promotion in session {Session} failed; retrying", Id);
            _promotionRetry?.Dispose();
            _promotionRetry = this.RegisterGrainTimer(() =>
            {
                KickPromotion();
                return Task.CompletedTask;
            }, PromotionRetry, Timeout.InfiniteTimeSpan);
        }
        finally
        {
            _promotionRunning = false;
        }
    }

    /// <summary>Gives one free seat to the head of the waitlist (or skips the head); false when there is nothing to do.</summary>
    private async Task<bool> PromoteNextAsync()
    {
        var d = W.Definition;
        if (d is null) return false;
        var now = Now;
        if (ApplyClock(now) is { } clockChange) await clockChange;
        if (W.Cancelled || now >= d.BookingClosesAt || SeatsTaken() >= d.Capacity) return false;
        var head = WaitingLine().FirstOrDefault();
        // The first in line is still being booked: its own commit starts the next round.
        if (head.Booking is not { } candidate) return false;

        _promoting = candidate.BookingId;
        Problem? refusal;
        try
        {
            refusal = await Member(candidate.MemberId).Hold(HoldFor(candidate.BookingId, candidate.BookedBy, HoldPurpose.Promote));
        }
        finally
        {
            _promoting = null;
        }

        // One turn from here.
        now = Now;
        _ = ApplyClock(now);
        d = W.Definition!;
        if (!W.Bookings.TryGetValue(candidate.BookingId, out var current) || current.Status != BookingStatus.Waitlisted)
        {
            if (refusal is null) ReleaseHold(candidate.MemberId, candidate.BookingId);
            return true;
        }
        if (W.Cancelled || now >= d.BookingClosesAt || SeatsTaken() >= d.Capacity)
        {
            if (refusal is null) ReleaseHold(candidate.MemberId, candidate.BookingId);
            return false;
        }
        var version = Bump(now);
        // A waiter who would now overlap or is blocked is skipped, and their booking ends.
        W.Bookings[current.BookingId] = refusal is null
            ? current with { Status = BookingStatus.Confirmed, WaitlistPosition = null, UpdatedAt = now, Version = version }
            : current with { Status = BookingStatus.Cancelled, WaitlistPosition = null, Late = false, UpdatedAt = now, Version = version };
        if (refusal is not null)
            _logger.LogInformation("Waitlisted booking {Booking} in {Session} skipped: {Reason}", current.BookingId, Id, refusal.Code);
        RecomputePositions(version, now);
        Enqueue(W.Bookings[current.BookingId]);
        await _commit.CommitAsync();
        return true;
    }

    // ---- clock -------------------------------------------------------------------------------------------

    /// <summary>
    /// Applies what the clock alone changes (window opens or closes, the session starts, no-shows are released);
    /// when something changed, starts its write and returns it, so callers that answer from durable state can await it.
    /// </summary>
    private Task? ApplyClock(DateTimeOffset now)
    {
        var d = W.Definition;
        if (d is null) return null;
        long version = 0;
        var started = false;
        var noShows = 0;
        if (!W.Cancelled)
        {
            var phase = PhaseAt(d, now);
            if (phase != W.Phase)
            {
                started = W.Phase < SessionPhase.Started && phase >= SessionPhase.Started;
                W.Phase = phase;
                version = Bump(now);
            }
            if (phase >= SessionPhase.Closed)
            {
                foreach (var waiting in W.Bookings.Values.Where(b => b.Status == BookingStatus.Waitlisted).ToArray())
                {
                    if (version == 0) version = Bump(now);
                    Enqueue(W.Bookings[waiting.BookingId] = waiting with { Status = BookingStatus.Expired, WaitlistPosition = null, UpdatedAt = now, Version = version });
                }
            }
            if (phase >= SessionPhase.Released)
            {
                foreach (var absent in W.Bookings.Values.Where(b => b.Status == BookingStatus.Confirmed).ToArray())
                {
                    if (version == 0) version = Bump(now);
                    Enqueue(W.Bookings[absent.BookingId] = absent with { Status = BookingStatus.NoShow, UpdatedAt = now, Version = version });
                    noShows++;
                }
            }
        }
        ArmDeadlines(now);
        if (version == 0) return null;
        var write = _commit.CommitAsync();
        Observe(write, "Writing a change of the clock");
        if (started || noShows > 0) _ = CountWhenWrittenAsync(write, d.StartsAt, started, noShows);
        return write;
    }

    /// <summary>The day's statistics hear of a session held and its no-shows once the change is durable (a failed write is counted when redone).</summary>
    private async Task CountWhenWrittenAsync(Task write, DateTimeOffset startsAt, bool started, int noShows)
    {
        try
        {
            await write;
        }
        catch (StorageUnavailableException)
        {
            return;
        }
        if (started) Count(startsAt, day => day.AddSessionsHeld(1));
        if (noShows > 0) Count(startsAt, day => day.AddNoShows(noShows));
    }

    private SessionPhase PhaseAt(SessionDefinition d, DateTimeOffset now) =>
        now < d.BookingOpensAt ? SessionPhase.NotYetOpen
        : now < d.BookingClosesAt ? SessionPhase.Open
        : now < d.StartsAt ? SessionPhase.Closed
        : now < NoShowAt(d) ? SessionPhase.Started
        : SessionPhase.Released;

    private DateTimeOffset NoShowAt(SessionDefinition d) => d.StartsAt + TimeSpan.FromMinutes(d.NoShowAfterMinutes ?? _options.NoShowAfterMinutes);

    private DateTimeOffset? NextDeadline(DateTimeOffset now)
    {
        var d = W.Definition;
        if (d is null || W.Cancelled) return null;
        return new[] { d.BookingOpensAt, d.BookingClosesAt, d.StartsAt, NoShowAt(d) }.Where(t => t > now).Select(t => (DateTimeOffset?)t).Min();
    }

    /// <summary>A grain timer for the exact instant while active; a reminder so an idle or lost activation comes back.</summary>
    private void ArmDeadlines(DateTimeOffset now)
    {
        var next = NextDeadline(now);
        if (next != _deadlineArmed)
        {
            _deadlineArmed = next;
            _boundary.Schedule(next, now, OnDeadlineAsync);
        }
        ArmReminder(now);
    }

    private async Task OnDeadlineAsync()
    {
        _deadlineArmed = null;
        try
        {
            if (ApplyClock(Now) is { } clockChange) await clockChange;
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "Deadline of session {Session} could not be written; the reminder retries", Id);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != DeadlineReminder) return;
        _reminderDueAt = null;
        _reminderMayExist = true;
        _deadlineArmed = null;
        if (W.Definition is not null && ApplyClock(Now) is { } clockChange) await clockChange;
        else ArmReminder(Now);
        KickOutbox();
        KickPromotion();
    }

    /// <summary>
    /// Keeps one reminder: due at the next deadline, or within a minute while the outbox holds undelivered
    /// changes (so they are delivered even if this activation dies). Registered only when that instant moves
    /// earlier, so a rush does not write the reminder table.
    /// </summary>
    private void ArmReminder(DateTimeOffset now)
    {
        DateTimeOffset? want = NextDeadline(now);
        if (W.Outbox.Count > 0 || D.Outbox.Count > 0)
        {
            var soon = now + OutboxReminderDue;
            if (want is null || soon < want) want = soon;
        }
        if (want is { } wanted && _reminderDueAt is { } due && due > now && due <= wanted) return;
        if (want is null && !_reminderMayExist) return;
        if (_reminderBusy)
        {
            _reminderAgain = true;
            return;
        }
        _ = SetReminderAsync(want, now);
    }

    private async Task SetReminderAsync(DateTimeOffset? want, DateTimeOffset now)
    {
        _reminderBusy = true;
        try
        {
            if (want is { } at)
            {
                // Never later than one period: the reminder also catches a domain clock that moved (tests' fake clock).
                var period = _options.DeadlineReminderPeriod;
                var dueIn = TimeSpan.FromTicks(Math.Clamp((at - now).Ticks, TimeSpan.FromSeconds(1).Ticks, Math.Max(period.Ticks, TimeSpan.FromSeconds(1).Ticks)));
                await this.RegisterOrUpdateReminder(DeadlineReminder, dueIn, period);
                _reminderDueAt = at;
                _reminderMayExist = true;
            }
            else
            {
                if (await this.GetReminder(DeadlineReminder) is { } reminder) await this.UnregisterReminder(reminder);
                _reminderDueAt = null;
                _reminderMayExist = false;
            }
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "Reminder of session {Session} could not be set", Id);
        }
        finally
        {
            _reminderBusy = false;
        }
        if (_reminderAgain)
        {
            _reminderAgain = false;
            ArmReminder(Now);
        }
    }

    // ---- outbox ------------------------------------------------------------------------------------------

    private void OnWritten()
    {
        if (D.Version != _publishedVersion && D.Definition is not null)
        {
            _publishedVersion = D.Version;
            _feed.Publish(Snapshot(D));
        }
        KickOutbox();
    }

    private void OnReverted()
    {
        _nextSeq = Math.Max(_nextSeq, W.Bookings.Values.Select(b => b.Seq).DefaultIfEmpty(0).Max() + 1);
        _deadlineArmed = null;
    }

    private void Enqueue(Booking booking) => W.Outbox[booking.BookingId] = new OutboxEntry(booking.MemberId, ToChange(booking, W));

    private void KickOutbox()
    {
        if (_dispatching)
        {
            _dispatchAgain = true;
            return;
        }
        _ = DispatchOutboxAsync();
    }

    /// <summary>Sends durable, unacknowledged changes to their members (one call per member); failures are retried with back-off.</summary>
    private async Task DispatchOutboxAsync()
    {
        _dispatching = true;
        var failed = false;
        try
        {
            do
            {
                _dispatchAgain = false;
                var due = D.Outbox.Values
                    .Where(e => !_delivered.TryGetValue(e.Change.BookingId, out var delivered) || delivered < e.Change.Version)
                    .GroupBy(e => e.MemberId)
                    .ToArray();
                if (due.Length == 0) break;
                var results = await Task.WhenAll(due.Select(async group =>
                {
                    try
                    {
                        await Member(group.Key).ApplyBookingChanges(group.Select(e => e.Change).ToArray());
                        return (Entries: group.ToArray(), Delivered: true);
                    }
                    catch (Exception error)
                    {
                        _logger.LogInformation(error, "Member {Member} did not take changes from session {Session}; will retry", group.Key, Id);
                        return (Entries: group.ToArray(), Delivered: false);
                    }
                }));
                var acknowledged = false;
                foreach (var (entries, delivered) in results)
                {
                    if (!delivered)
                    {
                        failed = true;
                        continue;
                    }
                    foreach (var entry in entries)
                    {
                        _delivered[entry.Change.BookingId] = Math.Max(_delivered.GetValueOrDefault(entry.Change.BookingId), entry.Change.Version);
                        if (W.Outbox.TryGetValue(entry.Change.BookingId, out var pending) && pending.Change.Version <= entry.Change.Version)
                        {
                            W.Outbox.Remove(entry.Change.BookingId);
                            acknowledged = true;
                        }
                    }
                }
                foreach (var id in _delivered.Keys.Where(id => !W.Outbox.ContainsKey(id) && !D.Outbox.ContainsKey(id)).ToArray())
                {
                    _delivered.Remove(id);
                }
                // The removal rides on the next write; if none comes, a redelivery after a restart is harmless.
                if (acknowledged) Observe(_commit.CommitAsync(), "Writing outbox acknowledgements");
                if (failed) break;
            }
            while (_dispatchAgain);
        }
        finally
        {
            _dispatching = false;
        }
        _outboxRetry?.Dispose();
        _outboxRetry = null;
        if (failed)
        {
            _outboxRetry = this.RegisterGrainTimer(() =>
            {
                KickOutbox();
                return Task.CompletedTask;
            }, _outboxDelay, Timeout.InfiniteTimeSpan);
            _outboxDelay = TimeSpan.FromTicks(Math.Min(_outboxDelay.Ticks * 2, _options.OutboxRetryMax.Ticks));
            ArmReminder(Now);
        }
        else
        {
            _outboxDelay = _options.OutboxRetryFirst;
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private long Bump(DateTimeOffset now)
    {
        W.Version++;
        W.UpdatedAt = now;
        return W.Version;
    }

    private int SeatsTaken() =>
        W.Bookings.Values.Count(b => b.HasSeat) + _reservations.Values.Count(r => r.Seat) + (_promoting is null ? 0 : 1);

    private int Waiting() =>
        W.Bookings.Values.Count(b => b.Status == BookingStatus.Waitlisted) + _reservations.Values.Count(r => !r.Seat);

    /// <summary>The waitlist in arrival order, including places promised to requests still being booked (Booking null).</summary>
    private IEnumerable<(long Seq, Booking? Booking)> WaitingLine() =>
        W.Bookings.Values.Where(b => b.Status == BookingStatus.Waitlisted).Select(b => (b.Seq, (Booking?)b))
            .Concat(_reservations.Values.Where(r => !r.Seat).Select(r => (r.Seq, (Booking?)null)))
            .OrderBy(x => x.Seq);

    private void RecomputePositions(long version, DateTimeOffset now)
    {
        var position = 1;
        foreach (var (_, booking) in WaitingLine().ToArray())
        {
            if (booking is not null && booking.WaitlistPosition != position)
                Enqueue(W.Bookings[booking.BookingId] = booking with { WaitlistPosition = position, UpdatedAt = now, Version = version });
            position++;
        }
    }

    /// <summary>Cancelled and expired bookings are kept for look-ups up to a bound, oldest dropped first (never before their member has them).</summary>
    private void PruneEndedBookings()
    {
        var ended = W.Bookings.Values.Where(b => b.HasEnded).ToArray();
        if (ended.Length <= _options.EndedBookingsKept) return;
        foreach (var old in ended.Where(b => !W.Outbox.ContainsKey(b.BookingId)).OrderBy(b => b.UpdatedAt).Take(ended.Length - _options.EndedBookingsKept))
        {
            W.Bookings.Remove(old.BookingId);
        }
    }

    private BookingHold HoldFor(string bookingId, string actor, HoldPurpose purpose)
    {
        var d = W.Definition!;
        return new BookingHold(bookingId, Id, d.SiteId, d.Category, d.StartsAt, d.EndsAt,
            LocalDate(d.StartsAt, DailyHours.FindZone(W.TimeZone) ?? TimeZoneInfo.Utc), d.Eligibility ?? Eligibility.Everyone, actor, purpose);
    }

    /// <summary>One-way input to the site's history of the local day of <paramref name="at"/>: never waited on.</summary>
    private void Count(DateTimeOffset at, Func<ISiteDayGrain, Task> add)
    {
        if (W.Definition is not { } d) return;
        Observe(add(DayStatsPublisher.DayOf(GrainFactory, d.SiteId, W.TimeZone, at)), "Counting in the day's statistics");
    }

    private void ReleaseHold(string memberId, string bookingId) => Observe(Member(memberId).ReleaseHold(bookingId), "Releasing a hold");

    private IMemberGrain Member(string memberId) => GrainFactory.GetGrain<IMemberGrain>(memberId);

    private void Observe(Task task, string what) => _ = ObserveAsync(task, what);

    private async Task ObserveAsync(Task task, string what)
    {
        try
        {
            await task;
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "{What} in session {Session} failed", what, Id);
        }
    }

    private static string NewBookingId() => "b" + Guid.NewGuid().ToString("N")[..19];

    private static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    private static string Camel(BookingStatus status) => status switch
    {
        BookingStatus.CheckedIn => "checkedIn",
        BookingStatus.NoShow => "noShow",
        _ => status.ToString().ToLowerInvariant(),
    };

    private BookingSnapshot ToSnapshot(Booking b) =>
        new(b.BookingId, Id, b.MemberId, b.Status, b.Status == BookingStatus.Waitlisted ? b.WaitlistPosition : null, b.BookedBy,
            b.Status == BookingStatus.Cancelled ? b.Late ?? false : null, b.CreatedAt, b.UpdatedAt);

    private MemberBookingChange ToChange(Booking b, SessionState s)
    {
        var d = s.Definition!;
        return new MemberBookingChange(b.BookingId, Id, d.SiteId, d.Title, d.TitleEn, d.Category, d.StartsAt, d.EndsAt, b.Status,
            b.Status == BookingStatus.Waitlisted ? b.WaitlistPosition : null, b.Status == BookingStatus.Cancelled ? b.Late ?? false : null,
            b.CreatedAt, b.Version);
    }

    private SessionSnapshot Snapshot(SessionState s)
    {
        var d = s.Definition!;
        int booked = 0, waitlisted = 0;
        foreach (var b in s.Bookings.Values)
        {
            if (b.HasSeat) booked++;
            else if (b.Status == BookingStatus.Waitlisted) waitlisted++;
        }
        var status = s.Cancelled ? SessionStatus.Cancelled
            : s.Phase switch
            {
                SessionPhase.NotYetOpen => SessionStatus.NotYetOpen,
                SessionPhase.Open => SessionStatus.Open,
                _ => SessionStatus.Closed,
            };
        return new SessionSnapshot(Id, d.SiteId, d.FacilityId, d.Title, d.TitleEn, d.Category, d.Place, d.StartsAt, d.EndsAt,
            d.Capacity, booked, Math.Max(0, d.Capacity - booked), d.WaitlistCapacity, waitlisted,
            d.BookingOpensAt, d.BookingClosesAt, d.CancelFreeUntil, (d.Eligibility ?? Eligibility.Everyone).Normalized(), status,
            d.NoShowAfterMinutes ?? _options.NoShowAfterMinutes, s.Version, s.UpdatedAt);
    }
}
