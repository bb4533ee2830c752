using Occupancy.Grains.Sessions;
using Occupancy.Grains.Sessions.Rules;
using static Occupancy.Grains.Tests.Booking.Model.ReferenceSession;

namespace Occupancy.Grains.Tests.Booking.Model;

/// <summary>
/// Drives the session rules the way the grain does (reserve → member's hold answered → write ok or failed and
/// reverted; promotion chosen → answered → written), several requests in flight at once, and the reference
/// model beside them. Every step compares the two and checks the invariants; a settle step lets everything
/// in flight finish and checks liveness. Steps come as numbers, so a generated case is a plain int array.
/// <para>
/// The store is modelled apart from memory, as the grain's group commit sees it: a write may fail (nothing
/// written, read back), or land unseen (the caller hears a timeout and its read-back fails too, so memory goes on
/// one write behind the store, whose etag has moved: the next write is refused and reads the landed state back).
/// Requests carry their Idempotency-Key: an unknown outcome (503) is retried with the same key, replayed once its
/// booking is durable, and a refusal is definite only from a settled state (else it waits for a write, as the
/// grain's <c>RefusalAsync</c> does). At the end, every request is answered and no booking of a request that was
/// refused is stored.
/// </para>
/// </summary>
internal sealed class ModelRun
{
    public const int Members = 8;

    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly BookingOptions _options = new()
    {
        PromotionRetryFirst = TimeSpan.FromSeconds(2),
        PromotionRetryMax = TimeSpan.FromSeconds(15),
        PromotionPatience = TimeSpan.FromMinutes(1),
        NoShowAfterMinutes = 15,
    };

    /// <summary>How often the interesting paths were taken over all runs, so a run that never reaches them shows.</summary>
    public static readonly Dictionary<string, int> Reached = [];

    private readonly SessionBookings _rules;
    private readonly ReferenceSession _reference;
    private readonly List<string> _log = [];
    private readonly List<(int Member, string BookingId)> _awaitingHold = [];
    private readonly List<Request> _awaitingWrite = [];
    private readonly List<Request> _requests = [];
    /// <summary>Refusals decided while memory may be behind the store: answered once a write succeeds (503 when it fails).</summary>
    private readonly List<Request> _refusalsAwaitingWrite = [];
    private SessionState _working;
    /// <summary>What memory holds as last acknowledged (or read back); the store may be ahead of it.</summary>
    private SessionState _durable;
    /// <summary>What the store holds.</summary>
    private SessionState _stored;
    private long _durableEtag, _storedEtag;
    /// <summary>The grain's GroupCommit.Settled: memory is known to continue from the store.</summary>
    private bool _settled = true;
    private bool _fenceDue;
    private DateTimeOffset _now = Start;
    private bool _dirty;
    private (int Member, string BookingId)? _promotionAsking;
    private bool _promotionWriting;
    private DateTimeOffset? _promotionTimer;
    private int _ids;

    public ModelRun(int capacity, int waitCapacity, int closesInMinutes)
    {
        var closes = Start.AddMinutes(closesInMinutes);
        var starts = closes.AddMinutes(10);
        var definition = new SessionDefinition("s", "f", "t", BookingCategory.Class, starts, starts.AddHours(1), capacity,
            Start.AddHours(-1), closes, Start.AddMinutes(closesInMinutes / 2), waitCapacity);
        _working = new SessionState { Definition = definition, Phase = SessionPhase.Open };
        _durable = Copy(_working);
        _stored = Copy(_working);
        _rules = new SessionBookings(() => _working, _options, _ => { });
        _reference = new ReferenceSession(capacity, waitCapacity, definition.BookingOpensAt, closes, starts, definition.CancelFreeUntil,
            TimeSpan.FromMinutes(15), _options.PromotionRetryFirst, _options.PromotionRetryMax, _options.PromotionPatience);
    }

    public string Log => string.Join("\n", _log.TakeLast(40));

    public void Run(IReadOnlyList<int> steps)
    {
        foreach (var step in steps) Step(step);
        Settle();
    }

    private void Step(int code)
    {
        var arg = code / 20;
        Clock();
        switch (code % 20)
        {
            case 0 or 1 or 2 or 3 or 4: Arrive(arg % Members); break;
            case 5 or 6 or 7: AnswerBookingHold(arg, granted: arg % 3 != 0); break;
            case 8 or 9: AnswerPromotion((arg % 5) switch { 0 or 1 => HoldAnswer.Granted, 2 or 3 => HoldAnswer.Refused, _ => HoldAnswer.RefusedForGood }); break;
            case 10 or 11: Cancel(arg % Members); break;
            case 12 or 13: Flush((arg % 8) switch { 0 or 4 => Write.Failed, 2 => Write.LandedUnseen, _ => Write.Ok }); break;
            case 14 or 15 or 16: Advance(arg); break;
            case 17: Redefine(arg); break;
            case 18: Settle(); break;
            default:
                if (arg % 10 == 0) CancelSession();
                else Arrive(arg % Members);
                break;
        }
        AfterStep();
    }

    // ---- steps -------------------------------------------------------------------------------------------

    /// <summary>One request with its Idempotency-Key: its attempts' booking ids, and what the client was told last.</summary>
    private sealed class Request(int member)
    {
        public int Member { get; } = member;

        public List<string> Attempts { get; } = [];

        public Told State { get; set; } = Told.Nothing;

        public string? Acknowledged { get; set; }
    }

    private enum Told { Nothing, Unknown, Booked, Refused }

    private enum Write { Ok, Failed, LandedUnseen }

    private void Arrive(int member)
    {
        // A client told 503 retries with the same key before anything else.
        var request = _requests.FirstOrDefault(r => r.Member == member && r.State == Told.Unknown);
        if (request is not null)
        {
            // The grain's ledger: replayed once durable; recorded but not durable is still unknown.
            if (request.Attempts.FirstOrDefault(_durable.Bookings.ContainsKey) is { } durable)
            {
                Note($"m{member} retries: replayed");
                Count("a retry replayed a booking");
                Acknowledge(request, durable);
                return;
            }
            if (request.Attempts.Any(_working.Bookings.ContainsKey))
            {
                Note($"m{member} retries: still unknown");
                return;
            }
            Count("a retry with the same key booked anew");
        }
        else
        {
            request = new Request(member);
            _requests.Add(request);
        }
        request.State = Told.Nothing;
        var bookingId = $"b{_ids++}";
        request.Attempts.Add(bookingId);
        var outcome = _rules.Reserve(bookingId, Id(member), _now);
        var expected = _reference.Arrive(member, _now);
        var actual = outcome.Problem?.Code switch
        {
            null => outcome.Value!.Seat ? Answer.Seat : Answer.Waiting,
            ProblemCodes.BookingNotOpen => Answer.NotOpen,
            ProblemCodes.BookingClosed => Answer.Closed,
            ProblemCodes.AlreadyBooked => Answer.AlreadyBooked,
            ProblemCodes.Full => Answer.Full,
            var other => throw Fail($"unexpected refusal {other}"),
        };
        Note($"m{member} arrives: {actual}");
        Expect(actual == expected, $"m{member} arriving was answered {actual}, the reference says {expected}");
        if (outcome.Succeeded) _awaitingHold.Add((member, bookingId));
        else Refuse(request);
    }

    private Request RequestOf(string bookingId) => _requests.Single(r => r.Attempts.Contains(bookingId));

    /// <summary>A refusal is definite only from a settled state; otherwise it waits for a write (the grain's fence).</summary>
    private void Refuse(Request request)
    {
        // The grain's ledger again: a read-back during the request may have brought its own earlier attempt's booking.
        if (request.Attempts.FirstOrDefault(_durable.Bookings.ContainsKey) is { } durable)
        {
            Count("a refusal replayed the request's own booking read back meanwhile");
            Acknowledge(request, durable);
            return;
        }
        if (_settled)
        {
            request.State = Told.Refused;
            return;
        }
        Count("a refusal waited for a settling write");
        _refusalsAwaitingWrite.Add(request);
        _fenceDue = true;
    }

    private void Acknowledge(Request request, string bookingId)
    {
        request.State = Told.Booked;
        request.Acknowledged = bookingId;
    }

    private void AnswerBookingHold(int pick, bool granted)
    {
        if (_awaitingHold.Count == 0) return;
        var (member, bookingId) = _awaitingHold[pick % _awaitingHold.Count];
        _awaitingHold.Remove((member, bookingId));
        var request = RequestOf(bookingId);
        if (request.Attempts.FirstOrDefault(_durable.Bookings.ContainsKey) is { } landed)
        {
            // A retry under way whose own earlier attempt was read back meanwhile: the grain replays it, books nothing new.
            Note($"m{member}'s hold answered: its own booking {landed} was read back, replayed");
            Count("a retry under way replayed its own booking read back meanwhile");
            _reference.HoldAnswered(member, granted: false, _now);
            if (_rules.Release(bookingId, _now)) _dirty = true;
            Acknowledge(request, landed);
            return;
        }
        Note($"m{member}'s hold {(granted ? "granted" : "refused")}");
        _reference.HoldAnswered(member, granted, _now);
        if (granted)
        {
            var taken = _rules.Take(bookingId, Id(member), _now);
            if (taken.Succeeded)
            {
                _dirty = true;
                _awaitingWrite.Add(request);
                return;
            }
        }
        if (_rules.Release(bookingId, _now)) _dirty = true;
        Refuse(request);
    }

    private void AnswerPromotion(HoldAnswer answer)
    {
        if (_promotionAsking is not { } asking) return;
        _promotionAsking = null;
        Note($"promotion of m{asking.Member} answered {answer}");
        var result = _rules.EndPromotion(asking.BookingId, answer, _now);
        _reference.PromotionAnswered(asking.Member, answer switch
        {
            HoldAnswer.Granted => PromotionReply.Granted,
            HoldAnswer.Refused => PromotionReply.RefusedForNow,
            _ => PromotionReply.RefusedForGood,
        }, _now);
        Count($"promotion {answer}{(result.Changed is null && answer != HoldAnswer.Refused ? " (moot)" : "")}");
        if (result.Changed is not null)
        {
            _dirty = true;
            _promotionWriting = true;
        }
    }

    private void Cancel(int member)
    {
        var latest = _working.Bookings.Values.Where(b => b.MemberId == Id(member)).MaxBy(b => b.Seq);
        Expect((latest is null) == !_reference.Entries.Any(e => e.Member == member), $"m{member} has a booking in one model only");
        if (latest is null) return;
        var moved = _rules.Cancel(latest.BookingId, _now);
        var expected = _reference.Cancel(member, _now);
        var actual = moved.Problem is not null ? CancelAnswer.NotNow : moved.Value!.Repeated ? CancelAnswer.Again : CancelAnswer.Done;
        Note($"m{member} cancels: {actual}");
        Expect(actual == expected, $"cancelling m{member} was answered {actual}, the reference says {expected}");
        if (actual == CancelAnswer.Done) _dirty = true;
    }

    private void CancelSession()
    {
        var cancelled = _rules.CancelSession(_now) is not null;
        Note($"session cancelled: {cancelled}");
        Expect(cancelled == _reference.CancelSession(), "cancelling the session differs from the reference");
        if (cancelled) _dirty = true;
    }

    private void Redefine(int arg)
    {
        var capacity = 1 + arg % 5;
        var waitCapacity = arg / 5 % 5;
        var conflicting = _working.Bookings.Values.Where(b => b.Status is BookingStatus.Confirmed or BookingStatus.Waitlisted && (b.Seq + arg) % 4 == 0).ToArray();
        var next = _working.Definition! with { Capacity = capacity, WaitlistCapacity = waitCapacity };
        var refused = _rules.RedefineProblem(next) is not null;
        var expected = _reference.Redefine(capacity, waitCapacity, conflicting.Select(b => Member(b.MemberId)).ToHashSet());
        Note($"define capacity {capacity}, waitlist {waitCapacity}, conflicting {string.Join(",", conflicting.Select(b => b.MemberId))}: {(refused ? "refused" : "taken")}");
        Expect(refused == !expected, $"the new definition was {(refused ? "refused" : "taken")}, the reference disagrees");
        if (refused) return;
        var cancelled = _rules.Redefine(next, "UTC", conflicting.Select(b => b.BookingId).ToHashSet(), _now);
        Expect(cancelled.All(b => b.Late == false && b.Status == BookingStatus.Cancelled), "a booking cancelled by a change is late or not cancelled");
        _dirty = true;
    }

    private void Advance(int arg)
    {
        var by = (arg % 5) switch
        {
            0 or 1 => TimeSpan.FromSeconds(1 + arg / 5 % 5),
            2 => TimeSpan.FromSeconds(10 + arg / 5 % 21),
            3 => TimeSpan.FromSeconds(61 + arg / 5 % 20),
            _ => TimeSpan.FromMinutes(3 + arg / 5 % 6),
        };
        _now += by;
        Note($"clock +{by.TotalSeconds:0}s");
        Clock();
        // The grain's back-off timer.
        if (_promotionTimer is { } at && at <= _now)
        {
            _promotionTimer = null;
            StartPromotion();
        }
    }

    /// <summary>
    /// One write of everything changed since the last (or of nothing new, to settle a refusal). Against a store an
    /// etag ahead it is refused and reads the stored state back; a failed write reads back too; a write landed
    /// unseen leaves memory where it was, behind the store.
    /// </summary>
    private void Flush(Write how)
    {
        if (!_dirty && !_fenceDue) return;
        _dirty = false;
        _fenceDue = false;
        var behind = _storedEtag != _durableEtag;
        if (behind && how == Write.Ok)
        {
            how = Write.Failed;
            Count("a write refused by the store's etag read the landed state back");
        }
        Note(how switch { Write.Ok => "write ok", Write.Failed => "write FAILED, read back", _ => "write LANDED UNSEEN, read-back failed" });
        if (how == Write.Ok)
        {
            _stored = Copy(_working);
            _durable = _stored;
            _durableEtag = ++_storedEtag;
            _settled = true;
            _reference.Written();
            foreach (var request in _awaitingWrite) Acknowledge(request, request.Attempts[^1]);
            foreach (var request in _refusalsAwaitingWrite) request.State = Told.Refused;
        }
        else
        {
            if (how == Write.LandedUnseen)
            {
                _stored = Copy(_working);
                _storedEtag++;
                _reference.LandedUnseen();
                Count("a write landed unseen");
                _settled = false;
            }
            else
            {
                // Read back: the store moved past the failed write's etag (it can never land) or not (it might).
                _settled = behind;
                _durable = _stored;
                _durableEtag = _storedEtag;
                _reference.ReadBack();
            }
            _working = Copy(_durable);
            Count("write failed and reverted");
            if (_rules.Restart(_now))
            {
                _dirty = true;
                Count("positions recomputed after a revert");
            }
            foreach (var request in _awaitingWrite.Concat(_refusalsAwaitingWrite)) request.State = Told.Unknown;
        }
        _awaitingWrite.Clear();
        _refusalsAwaitingWrite.Clear();
        _promotionWriting = false;
    }

    /// <summary>Everything in flight finishes (holds answered at random, writes succeed), then liveness is checked.</summary>
    private void Settle()
    {
        var turn = 0;
        while (_awaitingHold.Count > 0 || _promotionAsking is not null || _dirty || _fenceDue || _promotionWriting || _storedEtag != _durableEtag
               || _requests.Any(r => r.State == Told.Unknown))
        {
            turn++;
            if (_awaitingHold.Count > 0) AnswerBookingHold(turn, granted: turn % 3 != 0);
            else if (_promotionAsking is not null) AnswerPromotion(turn % 4 == 0 ? HoldAnswer.Refused : turn % 7 == 0 ? HoldAnswer.RefusedForGood : HoldAnswer.Granted);
            else if (_dirty || _fenceDue || _promotionWriting) Flush(Write.Ok);
            else if (_storedEtag != _durableEtag)
            {
                // Memory behind the store and nothing to write: the next change (or a settling write) reads it back.
                _fenceDue = true;
                Flush(Write.Ok);
            }
            else Arrive(_requests.First(r => r.State == Told.Unknown).Member);
            AfterStep();
            if (turn > 1000) throw Fail("settling never ends");
        }
        Clock();
        foreach (var request in _requests.Where(r => r.State == Told.Refused))
        {
            Expect(!request.Attempts.Any(_stored.Bookings.ContainsKey),
                $"m{request.Member} was refused, yet the store holds the booking of that request ({string.Join(",", request.Attempts.Where(_stored.Bookings.ContainsKey))})");
        }
        foreach (var booking in _stored.Bookings.Values)
            Expect(_requests.Any(r => r.Acknowledged == booking.BookingId), $"{booking.BookingId} of {booking.MemberId} is stored, yet no request was told of it");
        var d = _working.Definition!;
        var seats = _working.Bookings.Values.Count(b => b.HasSeat);
        var waiting = _working.Bookings.Values.Count(b => b.Status == BookingStatus.Waitlisted);
        Count("liveness checked");
        if (!_working.Cancelled && _now < d.BookingClosesAt && seats < d.Capacity && waiting > 0)
        {
            Count("liveness: a seat kept for a waiter under back-off");
            Expect(_reference.SeatMayStayEmpty(_now), $"liveness: {d.Capacity - seats} free seat(s) and {waiting} waiting with nothing in flight");
        }
    }

    // ---- after every step --------------------------------------------------------------------------------

    private void Clock()
    {
        if (_rules.ApplyClock(_now) is not null) _dirty = true;
        _reference.Clock(_now);
    }

    private void AfterStep()
    {
        if (_promotionAsking is null && !_promotionWriting && _rules.TakePromotionDue()) StartPromotion();
        Compare();
        CheckInvariants();
    }

    private void StartPromotion()
    {
        if (_promotionAsking is not null || _promotionWriting) return;
        var choice = _rules.ChoosePromotion(_now);
        var expected = _reference.ExpectedCandidate(_now, out var waitUntil);
        var chosen = choice.Candidate is { } c ? Member(c.MemberId) : (int?)null;
        Note($"promotion chooses {(chosen is { } m ? $"m{m}" : choice.Until is { } u ? $"to wait until +{(u - Start).TotalSeconds:0}s" : "nobody")}");
        Expect(chosen == expected, $"promotion chose {Show(chosen)}, the reference says {Show(expected)}");
        Expect(choice.Until == waitUntil, $"promotion waits until {choice.Until}, the reference says {waitUntil}");
        if (choice.Candidate is { } candidate)
        {
            if (_working.Bookings.Values.Any(b => b.Status == BookingStatus.Waitlisted && b.Seq < candidate.Seq)) Count("promotion passes over a waiter refused for a minute");
            _promotionAsking = (chosen!.Value, candidate.BookingId);
            _reference.PromotionStarted(chosen.Value);
        }
        else if (choice.Until is { } until)
        {
            Count("promotion waits for a waiter under back-off");
            _promotionTimer = until;
        }
    }

    private void Compare()
    {
        foreach (var member in Enumerable.Range(0, Members))
        {
            var mine = _working.Bookings.Values.Where(b => b.MemberId == Id(member)).OrderBy(b => b.Seq)
                .Select(b => $"{b.Status}{(b.Late == true ? " late" : "")}").ToArray();
            var theirs = _reference.Entries.Where(e => e.Member == member).OrderBy(e => e.Order)
                .Select(e => $"{Status(e.Place)}{(e.Late ? " late" : "")}").ToArray();
            Expect(mine.SequenceEqual(theirs), $"m{member}: bookings [{string.Join(", ", mine)}], the reference says [{string.Join(", ", theirs)}]");
            foreach (var waiting in _working.Bookings.Values.Where(b => b.MemberId == Id(member) && b.Status == BookingStatus.Waitlisted))
                Expect(waiting.WaitlistPosition == _reference.PositionOf(member),
                    $"m{member} is at position {waiting.WaitlistPosition}, the reference says {_reference.PositionOf(member)}");
        }
    }

    /// <summary>The invariants on the rules' own state, in memory and as stored.</summary>
    private void CheckInvariants()
    {
        foreach (var (state, what) in new[] { (_working, "in memory"), (_durable, "acknowledged"), (_stored, "stored") })
        {
            var d = state.Definition!;
            var active = state.Bookings.Values.Where(b => b.Status is BookingStatus.Confirmed or BookingStatus.Waitlisted or BookingStatus.CheckedIn).ToArray();
            Expect(active.Count(b => b.HasSeat) <= d.Capacity, $"more confirmed than capacity {what}");
            Expect(active.Count(b => b.Status == BookingStatus.Waitlisted) <= d.WaitlistCapacity, $"more waiting than the waitlist capacity {what}");
            Expect(active.GroupBy(b => b.MemberId).All(g => g.Count() == 1), $"a member twice {what}");
            var line = active.Where(b => b.Status == BookingStatus.Waitlisted).OrderBy(b => b.Seq).Select(b => b.WaitlistPosition ?? 0).ToArray();
            Expect(line.Zip(line.Skip(1)).All(p => p.First < p.Second), $"positions not in arrival order {what}: {string.Join(",", line)}");
            // A store ahead of memory holds positions of a moment since moved on; the read-back recomputes them.
            if (!_rules.InFlight && _awaitingHold.Count == 0 && (state == _working || !_dirty) && (state != _stored || _storedEtag == _durableEtag))
                Expect(line.SequenceEqual(Enumerable.Range(1, line.Length)), $"positions not exactly 1..{line.Length} {what}: {string.Join(",", line)}");
        }
        // A seat offered to a waiter before a revert lowered the capacity is settled (refused) at the answer.
        Expect(_rules.SeatsTaken - (_promotionAsking is null ? 0 : 1) <= _working.Definition!.Capacity, "seats promised beyond capacity");
        Expect(_rules.Waiting <= _working.Definition!.WaitlistCapacity, "waitlist places promised beyond its capacity");
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static string Id(int member) => $"m{member}";

    private static int Member(string id) => int.Parse(id[1..]);

    private static string Show(int? member) => member is { } m ? $"m{m}" : "nobody";

    private static BookingStatus Status(Place place) => place switch
    {
        Place.Seat => BookingStatus.Confirmed,
        Place.Waiting => BookingStatus.Waitlisted,
        Place.Cancelled => BookingStatus.Cancelled,
        Place.Expired => BookingStatus.Expired,
        _ => BookingStatus.NoShow,
    };

    private static SessionState Copy(SessionState s) => new()
    {
        Definition = s.Definition,
        TimeZone = s.TimeZone,
        Cancelled = s.Cancelled,
        Phase = s.Phase,
        Bookings = new Dictionary<string, Sessions.Booking>(s.Bookings),
        Version = s.Version,
        UpdatedAt = s.UpdatedAt,
    };

    private void Note(string what) => _log.Add($"[+{(_now - Start).TotalSeconds:0}s] {what}");

    private static void Count(string what)
    {
        lock (Reached) Reached[what] = Reached.GetValueOrDefault(what) + 1;
    }

    private void Expect(bool condition, string message)
    {
        if (!condition) throw Fail(message);
    }

    private Exception Fail(string message) => new InvalidOperationException($"{message}\nlast steps:\n{Log}");
}
