namespace Occupancy.Grains.Tests.Booking.Model;

/// <summary>
/// A deliberately naive second statement of a session's booking rules, written from the contract and the
/// issue and sharing no code with the rules under test: members are small numbers, bookings a flat list in
/// arrival order, everything recomputed from scratch. The property tests run both side by side and compare.
/// </summary>
internal sealed class ReferenceSession
{
    public enum Place { Seat, Waiting, Cancelled, Expired, NoShow }

    public enum Answer { NotOpen, Closed, AlreadyBooked, Full, Seat, Waiting }

    public sealed record Entry(int Member, Place Place, long Order, bool Late);

    private sealed record Pending(int Member, bool Seat, long Order);

    private sealed record Refusals(DateTimeOffset Since, DateTimeOffset NextTry, TimeSpan Delay);

    private readonly DateTimeOffset _opens, _closes, _starts, _cancelFreeUntil, _noShowAt;
    private readonly TimeSpan _retryFirst, _retryMax, _patience;
    private readonly Dictionary<int, Pending> _pending = [];
    private readonly HashSet<int> _withdrawn = [];
    // Keyed by the booking (its arrival order), not the member: a member's later booking starts without back-off.
    private readonly Dictionary<long, Refusals> _refused = [];
    private List<Entry> _entries = [];
    private List<Entry> _durableEntries = [];
    private List<Entry> _storedEntries = [];
    private bool _cancelled, _durableCancelled, _storedCancelled;
    private int _capacity, _durableCapacity, _waitCapacity, _durableWaitCapacity, _storedCapacity, _storedWaitCapacity;
    private long _order;
    private (int Member, long Order)? _promoting;

    public ReferenceSession(int capacity, int waitCapacity, DateTimeOffset opens, DateTimeOffset closes, DateTimeOffset starts,
        DateTimeOffset cancelFreeUntil, TimeSpan noShowAfter, TimeSpan retryFirst, TimeSpan retryMax, TimeSpan patience)
    {
        _capacity = _durableCapacity = _storedCapacity = capacity;
        _waitCapacity = _durableWaitCapacity = _storedWaitCapacity = waitCapacity;
        (_opens, _closes, _starts, _cancelFreeUntil, _noShowAt) = (opens, closes, starts, cancelFreeUntil, starts + noShowAfter);
        (_retryFirst, _retryMax, _patience) = (retryFirst, retryMax, patience);
    }

    public IReadOnlyList<Entry> Entries => _entries;

    public bool Cancelled => _cancelled;

    public int Capacity => _capacity;

    public int WaitCapacity => _waitCapacity;

    public DateTimeOffset ClosesAt => _closes;

    private int SeatsUsed => _entries.Count(e => e.Place == Place.Seat) + _pending.Values.Count(p => p.Seat) + (_promoting is null ? 0 : 1);

    private int WaitingCount => _entries.Count(e => e.Place == Place.Waiting) + _pending.Values.Count(p => !p.Seat);

    public Answer Arrive(int member, DateTimeOffset now)
    {
        if (_cancelled || now >= _closes) return Answer.Closed;
        if (now < _opens) return Answer.NotOpen;
        if (_pending.ContainsKey(member) || _withdrawn.Contains(member) || _entries.Any(e => e.Member == member && e.Place is Place.Seat or Place.Waiting or Place.NoShow))
            return Answer.AlreadyBooked;
        bool seat;
        if (SeatsUsed < _capacity && WaitingCount == 0) seat = true;
        else if (WaitingCount < _waitCapacity) seat = false;
        else return Answer.Full;
        _pending[member] = new Pending(member, seat, _order++);
        return seat ? Answer.Seat : Answer.Waiting;
    }

    /// <summary>The member's hold came back: granted (the place is booked unless booking closed meanwhile) or refused.</summary>
    public void HoldAnswered(int member, bool granted, DateTimeOffset now)
    {
        if (_withdrawn.Remove(member)) return;
        var p = _pending[member];
        _pending.Remove(member);
        if (!granted || _cancelled || now >= _closes) return;
        if (_entries.Any(e => e.Member == member && e.Place is Place.Seat or Place.Waiting or Place.NoShow)) return;
        _entries.Add(new Entry(member, p.Seat ? Place.Seat : Place.Waiting, p.Order, false));
    }

    public enum CancelAnswer { Done, Again, NotNow }

    public CancelAnswer Cancel(int member, DateTimeOffset now)
    {
        var e = _entries.Where(x => x.Member == member).MaxBy(x => x.Order)!;
        if (e.Place == Place.Cancelled) return CancelAnswer.Again;
        if (e.Place is not (Place.Seat or Place.Waiting) || now >= _starts) return CancelAnswer.NotNow;
        Replace(e, e with { Place = Place.Cancelled, Late = e.Place == Place.Seat && now > _cancelFreeUntil });
        _refused.Remove(e.Order);
        return CancelAnswer.Done;
    }

    /// <summary>Cancels the session: every seat and waiter cancelled, never late. False when it was cancelled already.</summary>
    public bool CancelSession()
    {
        if (_cancelled) return false;
        _cancelled = true;
        foreach (var e in _entries.Where(x => x.Place is Place.Seat or Place.Waiting).ToList()) Replace(e, e with { Place = Place.Cancelled, Late = false });
        _refused.Clear();
        return true;
    }

    public void Clock(DateTimeOffset now)
    {
        if (_cancelled) return;
        if (now >= _closes)
        {
            foreach (var e in _entries.Where(x => x.Place == Place.Waiting).ToList()) Replace(e, e with { Place = Place.Expired });
            _refused.Clear();
        }
        if (now >= _noShowAt)
        {
            foreach (var e in _entries.Where(x => x.Place == Place.Seat).ToList()) Replace(e, e with { Place = Place.NoShow });
        }
    }

    /// <summary>A new capacity and waitlist capacity; members whose rules now refuse their booking lose it (never late). False when refused.</summary>
    public bool Redefine(int capacity, int waitCapacity, IReadOnlySet<int> conflicting)
    {
        if (_cancelled || capacity < SeatsUsed || waitCapacity < WaitingCount) return false;
        (_capacity, _waitCapacity) = (capacity, waitCapacity);
        foreach (var e in _entries.Where(x => x.Place is Place.Seat or Place.Waiting && conflicting.Contains(x.Member)).ToList())
        {
            Replace(e, e with { Place = Place.Cancelled, Late = false });
            _refused.Remove(e.Order);
        }
        return true;
    }

    /// <summary>Whom a free seat should be offered to now: a member, or nobody (then <paramref name="waitUntil"/> may say until when the seat is kept).</summary>
    public int? ExpectedCandidate(DateTimeOffset now, out DateTimeOffset? waitUntil)
    {
        waitUntil = null;
        if (_cancelled || now >= _closes || _promoting is not null || SeatsUsed >= _capacity) return null;
        var line = _entries.Where(e => e.Place == Place.Waiting).Select(e => (e.Order, Member: (int?)e.Member))
            .Concat(_pending.Values.Where(p => !p.Seat).Select(p => (p.Order, Member: (int?)null)))
            .OrderBy(x => x.Order).ToList();
        DateTimeOffset? soonest = null;
        foreach (var (order, member) in line)
        {
            if (member is not { } m) return null;
            if (_refused.TryGetValue(order, out var r) && r.NextTry > now)
            {
                soonest = soonest is { } s && s < r.NextTry ? s : r.NextTry;
                if (now < r.Since + _patience)
                {
                    waitUntil = r.Since + _patience < r.NextTry ? r.Since + _patience : r.NextTry;
                    return null;
                }
                continue;
            }
            return m;
        }
        waitUntil = soonest;
        return null;
    }

    public void PromotionStarted(int member) =>
        _promoting = (member, _entries.Single(e => e.Member == member && e.Place == Place.Waiting).Order);

    public enum PromotionReply { Granted, RefusedForNow, RefusedForGood }

    public void PromotionAnswered(int member, PromotionReply reply, DateTimeOffset now)
    {
        var order = _promoting!.Value.Order;
        _promoting = null;
        var e = _entries.SingleOrDefault(x => x.Member == member && x.Order == order);
        if (e is null || e.Place != Place.Waiting || _cancelled || now >= _closes || SeatsUsed >= _capacity) return;
        switch (reply)
        {
            case PromotionReply.Granted:
                Replace(e, e with { Place = Place.Seat });
                _refused.Remove(order);
                // Those passed over start afresh for the next seat.
                foreach (var ahead in _entries.Where(x => x.Place == Place.Waiting && x.Order < e.Order)) _refused.Remove(ahead.Order);
                break;
            case PromotionReply.RefusedForGood:
                Replace(e, e with { Place = Place.Cancelled, Late = false });
                _refused.Remove(order);
                break;
            default:
                var delay = _refused.TryGetValue(order, out var r) ? (r.Delay * 2 > _retryMax ? _retryMax : r.Delay * 2) : _retryFirst;
                _refused[order] = new Refusals(r?.Since ?? now, now + delay, delay);
                break;
        }
    }

    /// <summary>The waitlist position the member should have now (places promised to pending requests count).</summary>
    public int PositionOf(int member)
    {
        var e = _entries.Single(x => x.Member == member && x.Place == Place.Waiting);
        return 1 + _entries.Count(x => x.Place == Place.Waiting && x.Order < e.Order) + _pending.Values.Count(p => !p.Seat && p.Order < e.Order);
    }

    /// <summary>
    /// Whether a free seat may stay empty while members wait: only while the members first in line are under
    /// back-off from refusals for now, up to the first whose minute of refusals still runs.
    /// </summary>
    public bool SeatMayStayEmpty(DateTimeOffset now)
    {
        foreach (var e in _entries.Where(x => x.Place == Place.Waiting).OrderBy(x => x.Order))
        {
            if (!_refused.TryGetValue(e.Order, out var r) || r.NextTry <= now) return false;
            if (now < r.Since + _patience) return true;
        }
        return true;
    }

    public void Written()
    {
        _durableEntries = _storedEntries = [.. _entries];
        (_durableCancelled, _durableCapacity, _durableWaitCapacity) = (_cancelled, _capacity, _waitCapacity);
        (_storedCancelled, _storedCapacity, _storedWaitCapacity) = (_cancelled, _capacity, _waitCapacity);
    }

    /// <summary>The write reached the store, but the caller heard a failure and could not read back: memory goes back to what it knew.</summary>
    public void LandedUnseen()
    {
        _storedEntries = [.. _entries];
        (_storedCancelled, _storedCapacity, _storedWaitCapacity) = (_cancelled, _capacity, _waitCapacity);
        Reverted();
    }

    /// <summary>The write failed and what the store holds was read back (perhaps a write that had landed unseen).</summary>
    public void ReadBack()
    {
        _durableEntries = [.. _storedEntries];
        (_durableCancelled, _durableCapacity, _durableWaitCapacity) = (_storedCancelled, _storedCapacity, _storedWaitCapacity);
        Reverted();
    }

    /// <summary>Back to what memory knows was written last; requests still waiting for holds keep their places.</summary>
    private void Reverted()
    {
        _entries = [.. _durableEntries];
        (_cancelled, _capacity, _waitCapacity) = (_durableCancelled, _durableCapacity, _durableWaitCapacity);
        foreach (var order in _refused.Keys.Where(o => !_entries.Any(e => e.Order == o && e.Place == Place.Waiting)).ToList()) _refused.Remove(order);
        // Places promised under a capacity that was never stored: the latest beyond what is stored are withdrawn.
        var seatsFree = _capacity - _entries.Count(e => e.Place == Place.Seat) - (_promoting is null ? 0 : 1);
        var waitFree = _waitCapacity - _entries.Count(e => e.Place == Place.Waiting);
        foreach (var p in _pending.Values.Where(p => p.Seat).OrderBy(p => p.Order).Skip(Math.Max(0, seatsFree))
                     .Concat(_pending.Values.Where(p => !p.Seat).OrderBy(p => p.Order).Skip(Math.Max(0, waitFree))).ToList())
        {
            _pending.Remove(p.Member);
            _withdrawn.Add(p.Member);
        }
    }

    private void Replace(Entry old, Entry now) => _entries[_entries.IndexOf(old)] = now;
}
