namespace Occupancy.Grains.Sessions.Rules;

/// <summary>
/// The booking rules of one session, with no I/O: seats, the waitlist in arrival order, places promised to
/// requests whose member hold is being asked (reservations), promotion and its back-off, positions, status
/// moves and the booking window. It reads and changes the session's working state (replaced wholesale when a
/// failed write is reverted, hence the accessor) and reports every changed booking to <c>changed</c>, so the
/// caller can deliver it. Every method runs in one turn; the caller does the awaits (holds, writes) between them.
/// </summary>
internal sealed class SessionBookings
{
    private readonly Func<SessionState> _state;
    private readonly BookingOptions _options;
    private readonly Action<Booking> _changed;
    private readonly Dictionary<string, Reservation> _reservations = [];
    private readonly Dictionary<string, PromotionDeferral> _deferred = [];
    /// <summary>Reservations a reverted write left without room (the capacity that made room for them was never stored).</summary>
    private readonly Dictionary<string, Reservation> _overbooked = [];
    private long _nextSeq;
    private string? _promoting;
    private bool _promotionDue;

    public SessionBookings(Func<SessionState> state, BookingOptions options, Action<Booking> changed)
    {
        _state = state;
        _options = options;
        _changed = changed;
    }

    private SessionState S => _state();

    /// <summary>Seats confirmed, checked in, promised to requests, or being offered to a waiter.</summary>
    public int SeatsTaken => S.Bookings.Values.Count(b => b.HasSeat) + _reservations.Values.Count(r => r.Seat) + (_promoting is null ? 0 : 1);

    /// <summary>Waitlisted bookings and waitlist places promised to requests.</summary>
    public int Waiting => S.Bookings.Values.Count(b => b.Status == BookingStatus.Waitlisted) + _reservations.Values.Count(r => !r.Seat);

    /// <summary>Whether a request or a promotion is between its reservation and its decision.</summary>
    /// <summary>Places promised to requests still waiting on their member (they will need room in the stored state).</summary>
    public int Reserved => _reservations.Count;

    public bool InFlight => _reservations.Count > 0 || _overbooked.Count > 0 || _promoting is not null;

    /// <summary>Whether the booking is being decided now (a member asking about its hold must ask again later).</summary>
    public bool IsDeciding(string bookingId) => _reservations.ContainsKey(bookingId) || _overbooked.ContainsKey(bookingId) || _promoting == bookingId;

    /// <summary>The waiter under promotion back-off, if any (for tests and logs).</summary>
    public PromotionDeferral? DeferralOf(string bookingId) => _deferred.GetValueOrDefault(bookingId);

    /// <summary>
    /// After activation or a reverted write: arrival order continues after the highest kept, back-off is kept
    /// only for those still waiting, places promised beyond the capacities now in force are withdrawn (latest
    /// first), positions are recomputed (a place ahead may have been lost), and promotion runs. True when
    /// positions changed (the caller writes them).
    /// </summary>
    public bool Restart(DateTimeOffset now)
    {
        _nextSeq = Math.Max(_nextSeq, S.Bookings.Values.Select(b => b.Seq).DefaultIfEmpty(0).Max() + 1);
        foreach (var id in _deferred.Keys.Where(id => !IsWaitlisted(id)).ToArray()) _deferred.Remove(id);
        if (S.Definition is { } d)
        {
            WithdrawBeyond(d.Capacity - S.Bookings.Values.Count(b => b.HasSeat) - (_promoting is null ? 0 : 1), seat: true);
            WithdrawBeyond(d.WaitlistCapacity - S.Bookings.Values.Count(b => b.Status == BookingStatus.Waitlisted), seat: false);
        }
        _promotionDue = true;
        return S.Definition is not null && RecomputePositions(now) != 0;
    }

    private void WithdrawBeyond(int room, bool seat)
    {
        foreach (var withdrawn in _reservations.Values.Where(r => r.Seat == seat).OrderBy(r => r.Seq).Skip(Math.Max(0, room)).ToArray())
        {
            _reservations.Remove(withdrawn.BookingId);
            _overbooked[withdrawn.BookingId] = withdrawn;
        }
    }

    // ---- window ------------------------------------------------------------------------------------------

    public Problem? WindowProblem(DateTimeOffset now)
    {
        var d = S.Definition!;
        if (S.Cancelled) return new Problem(ProblemCodes.BookingClosed, "The session was cancelled.");
        if (now < d.BookingOpensAt)
            return new Problem(ProblemCodes.BookingNotOpen, $"Booking opens at {d.BookingOpensAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}.");
        if (now >= d.BookingClosesAt) return new Problem(ProblemCodes.BookingClosed, "Booking for this session has closed.");
        return null;
    }

    public SessionPhase PhaseAt(SessionDefinition d, DateTimeOffset now) =>
        now < d.BookingOpensAt ? SessionPhase.NotYetOpen
        : now < d.BookingClosesAt ? SessionPhase.Open
        : now < d.StartsAt ? SessionPhase.Closed
        : now < NoShowAt(d) ? SessionPhase.Started
        : SessionPhase.Released;

    /// <summary>When confirmed bookings not checked in are released as no-shows: the check-in's close plus the late-scan window.</summary>
    public DateTimeOffset NoShowAt(SessionDefinition d) => CheckInClosesAt(d) + _options.LateScanWindow;

    /// <summary>A check-in made (scanned) at or after this is too late; one made before it is honoured until <see cref="NoShowAt"/>.</summary>
    public DateTimeOffset CheckInClosesAt(SessionDefinition d) => d.StartsAt + TimeSpan.FromMinutes(d.NoShowAfterMinutes ?? _options.NoShowAfterMinutes);

    /// <summary>The next instant the clock alone changes something; null when nothing is left to happen.</summary>
    public DateTimeOffset? NextDeadline(DateTimeOffset now)
    {
        var d = S.Definition;
        if (d is null || S.Cancelled) return null;
        return new[] { d.BookingOpensAt, d.BookingClosesAt, d.StartsAt, NoShowAt(d) }.Where(t => t > now).Select(t => (DateTimeOffset?)t).Min();
    }

    /// <summary>
    /// Applies what the clock alone changes: the phase moves, waiters expire when booking closes, confirmed
    /// bookings not checked in become no-shows when the grace ends. Null when nothing changed.
    /// </summary>
    public ClockChange? ApplyClock(DateTimeOffset now)
    {
        var d = S.Definition;
        if (d is null) return null;
        if (_deferred.Values.Any(x => x.RetryAt <= now || x.RefusedSince + _options.PromotionPatience <= now)) _promotionDue = true;
        if (S.Cancelled) return null;
        long version = 0;
        var started = false;
        var noShows = 0;
        var phase = PhaseAt(d, now);
        if (phase != S.Phase)
        {
            started = S.Phase < SessionPhase.Started && phase >= SessionPhase.Started;
            S.Phase = phase;
            version = Bump(now);
        }
        if (phase >= SessionPhase.Closed)
        {
            foreach (var waiting in S.Bookings.Values.Where(b => b.Status == BookingStatus.Waitlisted).ToArray())
            {
                if (version == 0) version = Bump(now);
                Put(waiting with { Status = BookingStatus.Expired, WaitlistPosition = null, UpdatedAt = now, Version = version });
                _deferred.Remove(waiting.BookingId);
            }
        }
        if (phase >= SessionPhase.Released)
        {
            foreach (var absent in S.Bookings.Values.Where(b => b.Status == BookingStatus.Confirmed).ToArray())
            {
                if (version == 0) version = Bump(now);
                Put(absent with { Status = BookingStatus.NoShow, UpdatedAt = now, Version = version });
                noShows++;
            }
        }
        if (version == 0) return null;
        _promotionDue = true;
        return new ClockChange(started, noShows);
    }

    // ---- booking -----------------------------------------------------------------------------------------

    /// <summary>
    /// Promises a seat or a waitlist place to a new request, fixing its arrival order now. Fairness: while
    /// anyone waits (or is promised a waitlist place), a free seat belongs to the waitlist, not to a newcomer.
    /// </summary>
    public Outcome<Reservation> Reserve(string bookingId, string memberId, DateTimeOffset now)
    {
        if (WindowProblem(now) is { } closed) return closed;
        if (S.Bookings.Values.Any(b => b.MemberId == memberId && b.IsActive) || _reservations.Values.Concat(_overbooked.Values).Any(r => r.MemberId == memberId))
            return new Problem(ProblemCodes.AlreadyBooked, $"Member '{memberId}' already has a booking in this session.");
        var d = S.Definition!;
        var waiting = Waiting;
        bool seat;
        if (SeatsTaken < d.Capacity && waiting == 0) seat = true;
        else if (waiting < d.WaitlistCapacity) seat = false;
        else return new Problem(ProblemCodes.Full, "The session and its waitlist are full.");
        var reservation = new Reservation(bookingId, memberId, seat, _nextSeq++);
        _reservations[bookingId] = reservation;
        return reservation;
    }

    /// <summary>
    /// The member granted the hold: the promised place becomes a booking, unless booking closed meanwhile or a
    /// reverted write took back the room or the cancellation it relied on (then the reservation stays for
    /// <see cref="Release"/>). A new waiter may now be first in line: promotion runs.
    /// </summary>
    public Outcome<Booking> Take(string bookingId, string bookedBy, DateTimeOffset now)
    {
        if (_overbooked.Remove(bookingId, out _)) return new Problem(ProblemCodes.Full, "The session and its waitlist are full.");
        var reservation = _reservations[bookingId];
        if (WindowProblem(now) is { } closed) return closed;
        // A cancellation that made room for this request may have been lost by a failed write.
        if (S.Bookings.Values.Any(b => b.MemberId == reservation.MemberId && b.IsActive))
            return new Problem(ProblemCodes.AlreadyBooked, $"Member '{reservation.MemberId}' already has a booking in this session.");
        _reservations.Remove(bookingId);
        var version = Bump(now);
        var booking = new Booking(bookingId, reservation.MemberId, bookedBy, reservation.Seat ? BookingStatus.Confirmed : BookingStatus.Waitlisted,
            reservation.Seq, null, null, now, now, version);
        S.Bookings[bookingId] = booking;
        if (!reservation.Seat) RecomputePositions(now, version);
        _changed(S.Bookings[bookingId]);
        // A waiter that was still a reservation when a seat freed stopped promotion: it restarts here.
        _promotionDue = true;
        return S.Bookings[bookingId];
    }

    /// <summary>A promised place not taken (refused, failed, or closed meanwhile): later waiters move up. True when positions changed.</summary>
    public bool Release(string bookingId, DateTimeOffset now)
    {
        _overbooked.Remove(bookingId, out _);
        if (!_reservations.Remove(bookingId, out var released)) return false;
        _promotionDue = true;
        return !released.Seat && S.Definition is not null && RecomputePositions(now) != 0;
    }

    public Outcome<BookingMove> Cancel(string bookingId, DateTimeOffset now, CancellationCause cause = CancellationCause.Member)
    {
        if (!S.Bookings.TryGetValue(bookingId, out var booking)) return Problem.NotFound("The booking");
        if (booking.Status == BookingStatus.Cancelled) return new BookingMove(booking, Repeated: true);
        if (booking.Status is not (BookingStatus.Confirmed or BookingStatus.Waitlisted))
            return new Problem(ProblemCodes.InvalidState, $"A booking that is {Camel(booking.Status)} cannot be cancelled.");
        var d = S.Definition!;
        if (now >= d.StartsAt) return new Problem(ProblemCodes.InvalidState, "The session has started; its bookings can no longer be cancelled.");
        var hadSeat = booking.Status == BookingStatus.Confirmed;
        var version = Bump(now);
        var cancelled = Put(booking with
        {
            Status = BookingStatus.Cancelled,
            WaitlistPosition = null,
            // Giving up a seat late costs the others a place; giving up a waitlist place does not.
            Late = hadSeat && now > d.CancelFreeUntil,
            CancelledBy = cause,
            UpdatedAt = now,
            Version = version,
        });
        _deferred.Remove(bookingId);
        if (!hadSeat) RecomputePositions(now, version);
        _promotionDue = true;
        return new BookingMove(cancelled, Repeated: false);
    }

    /// <summary>
    /// Checks a booking in as of <paramref name="at"/> (when it was scanned; <paramref name="now"/> unless a kiosk sends
    /// a queued scan): the window opens <see cref="BookingOptions.CheckInOpensBefore"/> before the start and closes at
    /// <see cref="CheckInClosesAt"/>.
    /// </summary>
    public Outcome<BookingMove> CheckIn(string bookingId, DateTimeOffset at, DateTimeOffset now)
    {
        if (!S.Bookings.TryGetValue(bookingId, out var booking)) return Problem.NotFound("The booking");
        if (booking.Status == BookingStatus.CheckedIn) return new BookingMove(booking, Repeated: true);
        if (booking.Status != BookingStatus.Confirmed)
            return new Problem(ProblemCodes.InvalidState, $"A booking that is {Camel(booking.Status)} cannot be checked in.");
        var opensAt = S.Definition!.StartsAt - _options.CheckInOpensBefore;
        if (at < opensAt) return new Problem(ProblemCodes.InvalidState, $"Check-in opens at {opensAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}.");
        var closesAt = CheckInClosesAt(S.Definition);
        if (at >= closesAt) return new Problem(ProblemCodes.InvalidState, $"Check-in closed at {closesAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}.");
        var version = Bump(now);
        return new BookingMove(Put(booking with { Status = BookingStatus.CheckedIn, UpdatedAt = now, Version = version }), Repeated: false);
    }

    /// <summary>Cancels the session and every confirmed or waitlisted booking (never late); null when it was cancelled already.</summary>
    public int? CancelSession(DateTimeOffset now)
    {
        if (S.Cancelled) return null;
        var version = Bump(now);
        S.Cancelled = true;
        var cancelled = 0;
        foreach (var booking in S.Bookings.Values.Where(b => b.Status is BookingStatus.Confirmed or BookingStatus.Waitlisted).ToArray())
        {
            Put(booking with { Status = BookingStatus.Cancelled, WaitlistPosition = null, Late = false, CancelledBy = CancellationCause.Session, UpdatedAt = now, Version = version });
            cancelled++;
        }
        _deferred.Clear();
        return cancelled;
    }

    // ---- definition --------------------------------------------------------------------------------------

    /// <summary>Why the session cannot take this definition now; null when it can.</summary>
    public Problem? RedefineProblem(SessionDefinition next)
    {
        if (S.Cancelled) return new Problem(ProblemCodes.InvalidState, "A cancelled session cannot be changed.");
        if (S.Definition is null) return null;
        var seats = SeatsTaken;
        if (next.Capacity < seats) return new Problem(ProblemCodes.InvalidState, $"{seats} seats are booked; capacity cannot go below that.");
        var waiting = Waiting;
        if (next.WaitlistCapacity < waiting)
            return new Problem(ProblemCodes.InvalidState, $"{waiting} members are waitlisted; waitlistCapacity cannot go below that.");
        return null;
    }

    /// <summary>Whether a new definition can make existing bookings break a member's rules (times, category, eligibility).</summary>
    public static bool ChangesMemberRules(SessionDefinition previous, SessionDefinition next) =>
        previous.StartsAt != next.StartsAt || previous.EndsAt != next.EndsAt || previous.Category != next.Category
        || !SameEligibility(previous.Eligibility ?? Eligibility.Everyone, next.Eligibility ?? Eligibility.Everyone);

    /// <summary>Bookings a change of member rules must be checked against (their members are asked, as for a hold).</summary>
    public IReadOnlyList<Booking> BookingsToRecheck() =>
        S.Bookings.Values.Where(b => b.Status is BookingStatus.Confirmed or BookingStatus.Waitlisted).OrderBy(b => b.Seq).ToArray();

    /// <summary>
    /// Takes a new definition: every active booking is sent again (members show title and times), and those
    /// whose members refused the new rules for good are cancelled (never late: the session changed, not the
    /// member). Answers the cancelled ones.
    /// </summary>
    public IReadOnlyList<Booking> Redefine(SessionDefinition next, string timeZone, IReadOnlySet<string> conflicting, DateTimeOffset now)
    {
        S.Definition = next;
        S.TimeZone = timeZone;
        var version = Bump(now);
        var cancelled = new List<Booking>();
        foreach (var booking in S.Bookings.Values.Where(b => b.Status is BookingStatus.Confirmed or BookingStatus.Waitlisted or BookingStatus.CheckedIn).OrderBy(b => b.Seq).ToArray())
        {
            if (conflicting.Contains(booking.BookingId) && booking.Status is BookingStatus.Confirmed or BookingStatus.Waitlisted)
            {
                cancelled.Add(Put(booking with { Status = BookingStatus.Cancelled, WaitlistPosition = null, Late = false, CancelledBy = CancellationCause.SessionChanged, UpdatedAt = now, Version = version }));
                _deferred.Remove(booking.BookingId);
            }
            else
            {
                Put(booking with { Version = version });
            }
        }
        RecomputePositions(now, version);
        _promotionDue = true;
        return cancelled;
    }

    private static bool SameEligibility(Eligibility a, Eligibility b) =>
        a.AnnualCardRequired == b.AnnualCardRequired && a.ResidentsOnly == b.ResidentsOnly
        && SameGroups(a.AgeGroups, b.AgeGroups) && SameGroups(a.AnnualCardWaivedFor, b.AnnualCardWaivedFor);

    private static bool SameGroups(IReadOnlyList<Members.AgeGroup>? a, IReadOnlyList<Members.AgeGroup>? b) =>
        (a ?? []).Distinct().Order().SequenceEqual((b ?? []).Distinct().Order());

    // ---- promotion ---------------------------------------------------------------------------------------

    /// <summary>
    /// Whether something happened that can give a free seat to the waitlist since promotion last ran; reading
    /// it clears it. Never while a promotion is being asked (its answer continues the round).
    /// </summary>
    public bool TakePromotionDue()
    {
        if (!_promotionDue || _promoting is not null) return false;
        _promotionDue = false;
        return true;
    }

    /// <summary>
    /// Picks whom a free seat goes to: the first in line, unless they are under back-off, in which case the seat
    /// waits for them while their refusals last less than the patience, then goes to the next in line. When the
    /// first in line is a request still being booked, nothing happens: its settling restarts promotion. A
    /// candidate is promised the seat (it counts as taken) until <see cref="EndPromotion"/>.
    /// </summary>
    public PromotionChoice ChoosePromotion(DateTimeOffset now)
    {
        var d = S.Definition;
        if (d is null || S.Cancelled || now >= d.BookingClosesAt || _promoting is not null || SeatsTaken >= d.Capacity) return PromotionChoice.Nothing;
        DateTimeOffset? retry = null;
        foreach (var (_, booking) in WaitingLine())
        {
            if (booking is null) return PromotionChoice.Nothing;
            if (_deferred.TryGetValue(booking.BookingId, out var deferral) && deferral.RetryAt > now)
            {
                retry = retry is { } r && r < deferral.RetryAt ? r : deferral.RetryAt;
                var patienceEnds = deferral.RefusedSince + _options.PromotionPatience;
                if (now < patienceEnds) return PromotionChoice.WaitUntil(patienceEnds < deferral.RetryAt ? patienceEnds : deferral.RetryAt);
                continue;
            }
            _promoting = booking.BookingId;
            return PromotionChoice.Ask(booking);
        }
        return retry is { } at ? PromotionChoice.WaitUntil(at) : PromotionChoice.Nothing;
    }

    /// <summary>
    /// Settles a promotion with the member's answer. Granted: the waiter is confirmed, and those ahead who were
    /// passed over get a fresh patience for the next seat. Refused for good: the booking ends, never late.
    /// Refused for now: the waiter keeps their place and is asked again after a back-off. Nothing changes when the
    /// waiter or the seat went meanwhile (then a granted hold is unused and must be released).
    /// </summary>
    public PromotionResult EndPromotion(string bookingId, HoldAnswer answer, DateTimeOffset now)
    {
        _promoting = null;
        _promotionDue = true;
        var d = S.Definition!;
        if (!S.Bookings.TryGetValue(bookingId, out var current) || current.Status != BookingStatus.Waitlisted
            || S.Cancelled || now >= d.BookingClosesAt || SeatsTaken >= d.Capacity)
            return new PromotionResult(null, HoldUnused: answer == HoldAnswer.Granted);
        if (answer == HoldAnswer.Refused)
        {
            var delay = _deferred.TryGetValue(bookingId, out var earlier)
                ? TimeSpan.FromTicks(Math.Min(earlier.Delay.Ticks * 2, _options.PromotionRetryMax.Ticks))
                : _options.PromotionRetryFirst;
            _deferred[bookingId] = new PromotionDeferral(earlier?.RefusedSince ?? now, now + delay, delay);
            return PromotionResult.Deferred;
        }
        var version = Bump(now);
        _deferred.Remove(bookingId);
        Booking changed;
        if (answer == HoldAnswer.Granted)
        {
            changed = Put(current with { Status = BookingStatus.Confirmed, WaitlistPosition = null, Promoted = true, UpdatedAt = now, Version = version });
            foreach (var passedOver in S.Bookings.Values.Where(b => b.Status == BookingStatus.Waitlisted && b.Seq < current.Seq)) _deferred.Remove(passedOver.BookingId);
        }
        else
        {
            changed = Put(current with { Status = BookingStatus.Cancelled, WaitlistPosition = null, Late = false, CancelledBy = CancellationCause.NotPromoted, UpdatedAt = now, Version = version });
        }
        RecomputePositions(now, version);
        return new PromotionResult(changed, HoldUnused: false);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    /// <summary>The waitlist in arrival order, including places promised to requests still being booked (Booking null).</summary>
    public IEnumerable<(long Seq, Booking? Booking)> WaitingLine() =>
        S.Bookings.Values.Where(b => b.Status == BookingStatus.Waitlisted).Select(b => (b.Seq, (Booking?)b))
            .Concat(_reservations.Values.Where(r => !r.Seat).Select(r => (r.Seq, (Booking?)null)))
            .OrderBy(x => x.Seq);

    /// <summary>Gives every waiter its place (promised places count); bumps the version once if any moved. Answers that version, or 0.</summary>
    private long RecomputePositions(DateTimeOffset now, long version = 0)
    {
        var position = 1;
        foreach (var (_, booking) in WaitingLine().ToArray())
        {
            if (booking is not null && booking.WaitlistPosition != position)
            {
                if (version == 0) version = Bump(now);
                Put(booking with { WaitlistPosition = position, UpdatedAt = now, Version = version });
            }
            position++;
        }
        return version;
    }

    private bool IsWaitlisted(string bookingId) => S.Bookings.TryGetValue(bookingId, out var b) && b.Status == BookingStatus.Waitlisted;

    private Booking Put(Booking booking)
    {
        S.Bookings[booking.BookingId] = booking;
        _changed(booking);
        return booking;
    }

    private long Bump(DateTimeOffset now)
    {
        S.Version++;
        S.UpdatedAt = now;
        return S.Version;
    }

    public static string Camel(BookingStatus status) => status switch
    {
        BookingStatus.CheckedIn => "checkedIn",
        BookingStatus.NoShow => "noShow",
        _ => status.ToString().ToLowerInvariant(),
    };
}
