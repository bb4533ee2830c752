using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Occupancy.Grains.Access;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Idempotency;
using Occupancy.Grains.Live;
using Occupancy.Grains.Members;
using Occupancy.Grains.Sessions.Rules;
using Occupancy.Grains.Sites;
using Occupancy.Grains.Stats;
using Orleans.Serialization;

namespace Occupancy.Grains.Sessions;

/// <summary>
/// Reentrant so a rush is served by group commit: each request validates and applies its change in one turn
/// (no await in between, so capacity can never be exceeded), then awaits the shared next write. The only await
/// before that is the member's hold; during it the seat or waitlist place is reserved in memory, so arrival
/// order is fixed when the request arrives. The rules themselves are <see cref="SessionBookings"/>; this grain
/// does the I/O around them: holds, writes, timers, reminders, the outbox and statistics.
/// </summary>
[Reentrant]
internal sealed partial class SessionGrain : Grain, ISessionGrain, IRemindable
{
    internal const string DeadlineReminder = "session-deadlines";
    private static readonly TimeSpan PromotionRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MinimumPromotionWait = TimeSpan.FromMilliseconds(200);

    private readonly IPersistentState<SessionState> _store;
    private readonly DeepCopier<SessionState> _copier;
    private readonly DomainClock _clock;
    private readonly BookingOptions _options;
    private readonly ILogger<SessionGrain> _logger;
    private readonly LiveFeed _feed;
    private readonly BoundaryTimer _boundary;
    private readonly InFlightRequests _inFlight = new();
    private readonly SessionOutbox _outbox = new();
    private SessionLedger _ledger = null!;
    private SessionSize _size = null!;
    private Telemetry.OccupancyMetrics? _metrics;
    private GroupCommit<SessionState> _commit = null!;
    private SessionBookings _book = null!;
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
    /// <summary>Times the working state was replaced by what the store holds (or by the last acknowledged state).</summary>
    private long _readBacks;
    /// <summary>One registration of the reminder at a time, so a later one never undoes an earlier, nearer one.</summary>
    private readonly SemaphoreSlim _reminderGate = new(1, 1);

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

    private string Id => this.GetPrimaryKeyString();

    private SessionState W => _commit.Working;

    private SessionState D => _commit.Durable;

    private DateTimeOffset Now => _clock.UtcNow;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _ledger = new SessionLedger(GrainFactory, Id, _logger);
        _size = new SessionSize(ServiceProvider);
        _metrics = ServiceProvider.GetService<Telemetry.OccupancyMetrics>();
        _commit = new GroupCommit<SessionState>(_store, _copier, this, _logger)
        {
            Written = OnWritten,
            BeforeWrite = ArmOutboxReminderAsync,
            Reverted = () =>
            {
                _readBacks++;
                OnReverted();
                // A write that timed out may have landed: what the store holds now is delivered and acted on.
                KickOutbox();
                KickPromotion();
            },
        };
        _book = new SessionBookings(() => _commit.Working, _options, Enqueue);
        _publishedVersion = D.Version;
#if OCCUPANCY_UPGRADE_DRILL
        _schemaRead = D.Schema;
#endif
        OnReverted();
        if (W.Definition is null) return;
        // A refusal or "unknown" from this activation must not contradict a write its predecessor may still land.
        _commit.DistrustLoaded();
        if (D.Outbox.Count > 0) Observe(_commit.CommitAsync(), "Writing the outbox in its compact form");
        // Answers a crash left in the journal go on to the ledger's row.
        _ledger.Move(() => D, () => W);
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
        if (_book.IsDeciding(bookingId))
            return Task.FromResult(new HoldResolution(HoldOutcome.Pending));
        if (W.Bookings.TryGetValue(bookingId, out var working))
        {
            if (!D.Bookings.TryGetValue(bookingId, out var durable) || durable.Version != working.Version)
                return Task.FromResult(new HoldResolution(HoldOutcome.Pending));
            return Task.FromResult(new HoldResolution(HoldOutcome.Booked, ToChange(durable, D)));
        }
        if (!_commit.Settled)
        {
            // Memory may be behind the store (a write with an unknown outcome): the booking may be stored. Find out.
            Observe(_commit.SettleAsync(), "Settling the stored state");
            return Task.FromResult(new HoldResolution(HoldOutcome.Pending));
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
        // New times, category or eligibility may break members' rules: their members are asked first.
        var recheck = W.Definition is { } before && !onlyIfAbsent && !W.Cancelled && SessionBookings.ChangesMemberRules(before, definition)
            ? await RecheckAsync(definition, site.TimeZone)
            : Recheck.None;

        // From here on, one turn: nothing else can change the session in between.
        var previous = W.Definition;
        var problem = onlyIfAbsent && previous is not null ? new Problem(ProblemCodes.InvalidState, "The session exists already.") : _book.RedefineProblem(definition);
        if (problem is not null)
        {
            foreach (var (memberId, bookingId) in recheck.Granted) ReleaseHold(memberId, bookingId);
            return problem;
        }
        var previousDate = previous is null ? (DateOnly?)null : LocalDate(previous.StartsAt, DailyHours.FindZone(W.TimeZone) ?? TimeZoneInfo.Utc);
        var now = Now;
        var cancelled = _book.Redefine(definition, site.TimeZone, recheck.Conflicting, now);
        _deadlineArmed = null;
        // When the clock changed something too, that write already holds the new definition.
        await (ApplyClock(now) ?? _commit.CommitAsync());
        if (cancelled.Count > 0) Count(now, day => day.AddCancellations(cancelled.Count));
        if (previous is not null && (previousDate != date || previous.FacilityId != definition.FacilityId) && previousDate is { } oldDate)
            Observe(GrainFactory.GetGrain<ISessionCalendarGrain>(CalendarEntry.CalendarKey(previous.SiteId, oldDate)).Remove(Id), "Unlisting from the old date");
        KickPromotionIfDue();
        var snapshot = Snapshot(D);
        return new DefinitionResult<SessionSnapshot>(previous is null ? snapshot : snapshot with { CancelledBookings = cancelled.Select(ToSnapshot).ToArray() }, previous is null);
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
        var outcome = await CallerKeys.RegisteredAsync(GrainFactory, idempotencyKey, () => BookAsync(request, actor, idempotencyKey));
        // Counted once answered: a seat or a waitlist place is durable by then.
        if (outcome.Problem is { } problem) _metrics?.BookingRefused(problem);
        else _metrics?.Booked(outcome.Value!.Status);
        return outcome;
    }

    private async Task<Outcome<BookingSnapshot>> BookAsync(BookingRequest request, Actor actor, IdempotencyKey? idempotencyKey)
    {
        if (SessionAccess.MayBook(actor, Id, W.Definition?.SiteId) is { } forbidden) return forbidden;
        if (W.Definition is null) return Problem.NotFound("The session");
        if (request.Validate() is { } invalid) return invalid;
        // Who booked is the actor, never the body's bookedBy.
        var bookedBy = actor.BookedBy;
        var now = Now;
        _ = ApplyClock(now);
        var fingerprint = $"book\n{request.MemberId}\n{bookedBy}";
        var readBacks = _readBacks;
        var check = await _ledger.BeginAsync(idempotencyKey, fingerprint, W, D, _inFlight);
        if (check.Verdict == LedgerVerdict.Replay) return check.Result!.Booking!;
        if (check.Problem is { } repeated) return repeated;

        string? bookingId = null;
        try
        {
            var reserved = _book.Reserve(NewBookingId(), request.MemberId, now);
            if (reserved.Problem is { } refused) return await BookRefusalAsync(refused, idempotencyKey, fingerprint, readBacks);
            if (_size.Refuses(W, _book.Reserved))
            {
                _book.Release(reserved.Value!.BookingId, now);
                return await BookRefusalAsync(new Problem(ProblemCodes.Full, "The session holds as many bookings as its stored state allows."), idempotencyKey, fingerprint, readBacks);
            }
            var reservation = reserved.Value!;
            bookingId = reservation.BookingId;

            var refusal = await Member(request.MemberId).Hold(HoldFor(bookingId, bookedBy, reservation.Seat ? HoldPurpose.Confirm : HoldPurpose.Waitlist));
            if (refusal is not null) return await BookRefusalAsync(refusal, idempotencyKey, fingerprint, readBacks);

            // One turn again, from here until the write is requested.
            // The stored state read back meanwhile may hold this key's own booking (an earlier attempt that landed unseen): replay it.
            if (idempotencyKey is not null && _readBacks != readBacks && D.Ledger.Entries.TryGetValue(idempotencyKey.LedgerKey, out var landed)
                && landed.Fingerprint == fingerprint && landed.Result?.Booking is { } landedBooking)
            {
                ReleaseHold(request.MemberId, bookingId);
                return landedBooking;
            }
            now = Now;
            _ = ApplyClock(now);
            var taken = _book.Take(bookingId, bookedBy, now);
            if (taken.Problem is { } refusedMeanwhile)
            {
                ReleaseHold(request.MemberId, bookingId);
                return await BookRefusalAsync(refusedMeanwhile, idempotencyKey, fingerprint, readBacks);
            }
            var reply = ToSnapshot(taken.Value!);
            W.Ledger.Remember(idempotencyKey, fingerprint, new SessionReply(reply, null), now, _options.Retention);
            // On an unknown outcome (503) the member's hold stays: the booking may have landed, and the member
            // settles the hold by asking (ResolveHold) once this session knows what the store holds.
            BindCallerKey(idempotencyKey);
            await _commit.CommitAsync();
            Count(now, day => day.AddBookings(1));
            return reply;
        }
        finally
        {
            _inFlight.End(idempotencyKey);
            // A place promised and not taken: later waiters move up, and a free seat goes to the waitlist.
            if (bookingId is not null && _book.Release(bookingId, Now)) Observe(_commit.CommitAsync(), "Moving the waitlist up");
            KickPromotionIfDue();
        }
    }

    public async Task<Outcome<BookingSnapshot>> CancelBooking(string bookingId, Actor actor, IdempotencyKey? idempotencyKey = null)
    {
        if (await BookingRefusalAsync(bookingId, actor) is { } refusal) return refusal;
        if (W.Definition is null) return Problem.NotFound("The session");
        _ = ApplyClock(Now);
        var fingerprint = $"cancel\n{bookingId}";
        var check = await _ledger.BeginAsync(idempotencyKey, fingerprint, W, D, _inFlight);
        if (check.Verdict == LedgerVerdict.Replay) return check.Result!.Booking!;
        if (check.Problem is { } repeated) return repeated;
        try
        {
            // One turn from here.
            var now = Now;
            _ = ApplyClock(now);
            var moved = _book.Cancel(bookingId, now, actor.Role == ActorRole.Resident ? CancellationCause.Member : CancellationCause.Staff);
            if (moved.Problem is { } refused) return await RefusalAsync(refused);
            if (moved.Value!.Repeated) return await AnswerWhenDurableAsync(moved.Value.Booking);
            PruneEndedBookings();
            var reply = ToSnapshot(moved.Value.Booking);
            W.Ledger.Remember(idempotencyKey, fingerprint, new SessionReply(reply, null), now, _options.Retention);
            await _commit.CommitAsync();
            Count(now, day => day.AddCancellations(1));
            return reply;
        }
        finally
        {
            _inFlight.End(idempotencyKey);
            KickPromotionIfDue();
        }
    }

    public async Task<Outcome<BookingSnapshot>> CheckIn(string bookingId, Actor actor, IdempotencyKey? idempotencyKey = null, DateTimeOffset? scannedAt = null)
    {
        if (SessionAccess.MayCheckIn(actor, Id, W.Definition?.SiteId) is { } refusal) return refusal;
        if (W.Definition is null) return Problem.NotFound("The session");
        var now = Now;
        _ = ApplyClock(now);
        var fingerprint = $"check-in\n{bookingId}";
        var check = await _ledger.BeginAsync(idempotencyKey, fingerprint, W, D, _inFlight);
        if (check.Verdict == LedgerVerdict.Replay) return check.Result!.Booking!;
        if (check.Problem is { } repeated) return repeated;
        try
        {
            var moved = _book.CheckIn(bookingId, scannedAt is { } scanned && scanned < now ? scanned : now, now);
            if (moved.Problem is { } refused) return await RefusalAsync(refused);
            if (moved.Value!.Repeated) return await AnswerWhenDurableAsync(moved.Value.Booking);
            var reply = ToSnapshot(moved.Value.Booking);
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
        var check = await _ledger.BeginAsync(idempotencyKey, fingerprint, W, D, _inFlight);
        if (check.Verdict == LedgerVerdict.Replay) return check.Result!.Session!;
        if (check.Problem is { } repeated) return repeated;
        try
        {
            if (_book.CancelSession(now) is not { } cancelled)
            {
                if (!D.Cancelled) await _commit.CommitAsync();
                return Snapshot(D);
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

    /// <summary>After activation and after a failed write was reverted: the rules restart from the stored state.</summary>
    private void OnReverted()
    {
        // Acknowledgements were for the lost state: entries the store restored are sent again (members ignore repeats).
        _outbox.Reverted();
        SessionOutbox.Upgrade(W);
        _deadlineArmed = null;
        PublishListing();
        // A place ahead lost by the failed write (or a crash) moves later waiters up.
        if (_book.Restart(Now)) Observe(CommitSoonAsync(), "Moving the waitlist up after a lost write");
    }

    /// <summary>Writes after the current turn: a revert is reported from inside the write loop, which must finish first.</summary>
    private async Task CommitSoonAsync()
    {
        await Task.Yield();
        await _commit.CommitAsync();
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    /// <summary>Cancelled and expired bookings are kept for look-ups up to a bound, oldest dropped first (never before their member has them).</summary>
    private void PruneEndedBookings()
    {
        var ended = W.Bookings.Values.Where(b => b.HasEnded).ToArray();
        if (ended.Length <= _options.EndedBookingsKept) return;
        foreach (var old in ended.Where(b => !SessionOutbox.Owes(W, b.BookingId)).OrderBy(b => b.UpdatedAt).Take(ended.Length - _options.EndedBookingsKept))
        {
            W.Bookings.Remove(old.BookingId);
        }
    }

    private BookingHold HoldFor(string bookingId, string actor, HoldPurpose purpose, SessionDefinition? definition = null, string? timeZone = null)
    {
        var d = definition ?? W.Definition!;
        return new BookingHold(bookingId, Id, d.SiteId, d.Category, d.StartsAt, d.EndsAt,
            LocalDate(d.StartsAt, DailyHours.FindZone(timeZone ?? W.TimeZone) ?? TimeZoneInfo.Utc), d.Eligibility ?? Eligibility.Everyone, actor, purpose);
    }

    /// <summary>One-way input to the site's history of the local day of <paramref name="at"/>: never waited on.</summary>
    private void Count(DateTimeOffset at, Func<ISiteDayGrain, Task> add)
    {
        if (W.Definition is not { } d) return;
        Observe(add(DayStatsPublisher.DayOf(GrainFactory, d.SiteId, W.TimeZone, at)), "Counting in the day's statistics");
    }

    private void ReleaseHold(string memberId, string bookingId) => Observe(Member(memberId).ReleaseHold(bookingId), "Releasing a hold");

    /// <summary>
    /// Binds the caller's key while this session writes rather than after the answer, so an accepted booking waits
    /// on one store write fewer: the settle then finds it stored (or in flight) and waits on that write.
    /// </summary>
    private void BindCallerKey(IdempotencyKey? key)
    {
        if (key?.Target is not null) Observe(CallerKeys.ShardOf(GrainFactory, key).Bind(key), "Binding the caller's key");
    }

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
}
