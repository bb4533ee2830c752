namespace Occupancy.Bench.Chaos;

/// <summary>One invariant and the cases that broke it (empty when it held).</summary>
public sealed record InvariantCheck(string Name, int Checked, IReadOnlyList<string> Violations)
{
    public bool Passed => Violations.Count == 0;

    public override string ToString() =>
        $"{(Passed ? "PASS" : "FAIL")} {Name} ({Checked} checked{(Passed ? "" : $", {Violations.Count} violated: {string.Join("; ", Violations.Take(5))}")})";
}

/// <summary>
/// The invariants of a chaos run, judged from what the clients were told (<see cref="BookingOp"/>) against what the
/// system holds after a full restart (<see cref="StoredBookings"/>).
/// </summary>
internal static class ChaosChecks
{
    public static IReadOnlyList<InvariantCheck> Judge(IReadOnlyCollection<BookingOp> ops, StoredBookings stored, ISet<string> ourMembers)
    {
        var ackedBooks = ops.Where(o => o.IsBook && o.Acknowledged && o.BookingId is not null).ToArray();
        var bookOpByBooking = ackedBooks.GroupBy(o => o.BookingId!).ToDictionary(g => g.Key, g => g.First());
        var cancelsByBooking = ops.Where(o => !o.IsBook).ToLookup(o => o.BookingId!);
        var booksByMemberSession = ops.Where(o => o.IsBook).ToLookup(o => (o.MemberId, o.SessionId));
        var inSessions = stored.Sessions.Values.SelectMany(s => s.Bookings).ToDictionary(b => b.BookingId);
        return
        [
            Capacity(stored),
            WaitlistOrder(stored, bookOpByBooking),
            AcknowledgedPresent(ackedBooks, cancelsByBooking, inSessions),
            NoDoubles(ackedBooks, stored, bookOpByBooking, booksByMemberSession, ourMembers),
            MemberSide(stored, inSessions, ourMembers),
        ];
    }

    /// <summary>Stored bookings no client was told of, whose request's outcome stayed unknown (allowed: the client gave up).</summary>
    public static int UnknownButStored(IReadOnlyCollection<BookingOp> ops, StoredBookings stored)
    {
        var told = ops.Where(o => o.IsBook && o.BookingId is not null).Select(o => o.BookingId!).ToHashSet();
        return stored.Sessions.Values.SelectMany(s => s.Bookings).Count(b => !told.Contains(b.BookingId));
    }

    private static InvariantCheck Capacity(StoredBookings stored)
    {
        var violations = new List<string>();
        foreach (var s in stored.Sessions.Values)
        {
            var seats = s.Bookings.Count(b => b.HasSeat);
            var waiting = s.Bookings.Count(b => b.Status == "waitlisted");
            if (seats > s.Capacity) violations.Add($"{s.SessionId}: {seats} confirmed > capacity {s.Capacity}");
            if (waiting > s.WaitlistCapacity) violations.Add($"{s.SessionId}: {waiting} waitlisted > waitlist capacity {s.WaitlistCapacity}");
            if (seats != s.Booked || waiting != s.Waitlisted)
                violations.Add($"{s.SessionId}: snapshot says booked {s.Booked} / waitlisted {s.Waitlisted}, its list {seats} / {waiting}");
        }

        return new("confirmed ≤ capacity and waitlisted ≤ waitlist capacity in every session, counts agree with the list", stored.Sessions.Count, violations);
    }

    /// <summary>
    /// Positions are exactly 1..n in list order, and nobody is ahead of someone whose 201 arrived before their own
    /// first attempt was even sent (real-time arrival order, as the clients saw it).
    /// </summary>
    private static InvariantCheck WaitlistOrder(StoredBookings stored, IReadOnlyDictionary<string, BookingOp> bookOpByBooking)
    {
        var violations = new List<string>();
        var pairs = 0;
        foreach (var s in stored.Sessions.Values)
        {
            var waiting = s.Bookings.Where(b => b.Status == "waitlisted").ToArray();
            var positions = waiting.Select(b => b.WaitlistPosition ?? 0).ToArray();
            if (!positions.SequenceEqual(Enumerable.Range(1, waiting.Length)))
                violations.Add($"{s.SessionId}: positions [{string.Join(",", positions)}] are not 1..{waiting.Length} in list order");
            foreach (var behind in waiting)
            {
                foreach (var ahead in waiting.Where(a => a.WaitlistPosition < behind.WaitlistPosition))
                {
                    if (!bookOpByBooking.TryGetValue(behind.BookingId, out var b) || !bookOpByBooking.TryGetValue(ahead.BookingId, out var a)) continue;
                    pairs++;
                    if (b.AcknowledgedAt < a.FirstSent)
                        violations.Add($"{s.SessionId}: {ahead.BookingId} (first sent {a.FirstSent:g}) is ahead of {behind.BookingId} (acknowledged {b.AcknowledgedAt:g})");
                }
            }
        }

        return new("waitlist positions exactly 1..n, in arrival order", stored.Sessions.Count + pairs, violations);
    }

    private static InvariantCheck AcknowledgedPresent(BookingOp[] ackedBooks, ILookup<string, BookingOp> cancelsByBooking,
        IReadOnlyDictionary<string, StoredBooking> inSessions)
    {
        var violations = new List<string>();
        foreach (var book in ackedBooks)
        {
            if (!inSessions.TryGetValue(book.BookingId!, out var stored))
            {
                violations.Add($"{book.SessionId}/{book.BookingId} ({book.Code}, acknowledged {book.AcknowledgedAt:g}) is not stored");
                continue;
            }

            var cancels = cancelsByBooking[book.BookingId!].ToArray();
            if (cancels.Any(c => c.Acknowledged))
            {
                if (stored.Status != "cancelled") violations.Add($"{book.SessionId}/{book.BookingId}: cancellation acknowledged, stored {stored.Status}");
            }
            else if (cancels.Length == 0 && !stored.IsActive)
            {
                violations.Add($"{book.SessionId}/{book.BookingId}: acknowledged {book.Code}, stored {stored.Status} though nobody cancelled it");
            }
        }

        return new("every acknowledged booking (and cancellation) stored as its client was told", ackedBooks.Length, violations);
    }

    private static InvariantCheck NoDoubles(BookingOp[] ackedBooks, StoredBookings stored, IReadOnlyDictionary<string, BookingOp> bookOpByBooking,
        ILookup<(string MemberId, string SessionId), BookingOp> booksByMemberSession, ISet<string> ourMembers)
    {
        var violations = new List<string>();
        foreach (var twice in ackedBooks.GroupBy(o => o.BookingId).Where(g => g.Count() > 1))
            violations.Add($"booking {twice.Key} acknowledged to {twice.Count()} different keys");
        foreach (var s in stored.Sessions.Values)
        {
            foreach (var twice in s.Bookings.Where(b => b.IsActive).GroupBy(b => b.MemberId).Where(g => g.Count() > 1))
                violations.Add($"{s.SessionId}: member {twice.Key} holds {twice.Count()} bookings");
            foreach (var b in s.Bookings.Where(b => ourMembers.Contains(b.MemberId) && !bookOpByBooking.ContainsKey(b.BookingId)))
            {
                // Stored but nobody was told: fine only if some request for it never got a definite answer.
                var requests = booksByMemberSession[(b.MemberId, s.SessionId)].ToArray();
                if (!requests.Any(o => o.OutcomeUnknown))
                    violations.Add($"{s.SessionId}/{b.BookingId} ({b.Status}, {b.MemberId}) is stored, yet every request for it had a definite answer: " +
                                   string.Join(", ", requests.Select(o => $"{o.Key} → {o.Status} {o.Code} {o.BookingId}")));
            }
        }

        return new("no key booked twice, no member twice in a session, nothing stored that a definite answer denied",
            ackedBooks.Length + stored.Sessions.Count, violations);
    }

    /// <summary>
    /// Reported, not (yet) gating: no two sessions of the run overlap in time, so an <c>overlap</c> refusal can only be
    /// a request meeting its own earlier attempt, or its member's own booking of the same session that the member
    /// still holds as confirmed after the session cancelled it (the cancellation not yet delivered). A client that
    /// follows the contract stops at that 409.
    /// </summary>
    public static InvariantCheck NoImpossibleRefusal(IReadOnlyCollection<BookingOp> ops)
    {
        var books = ops.Where(o => o.IsBook).ToArray();
        var violations = books.Where(o => o.Status == 409 && o.Code == "overlap")
            .Select(o => $"{o.SessionId} {o.MemberId} key {o.Key}: 409 overlap after {o.Attempts} attempt(s)")
            .ToArray();
        return new("no booking refused as overlapping (no two sessions of the run overlap)", books.Length, violations);
    }

    private static InvariantCheck MemberSide(StoredBookings stored, IReadOnlyDictionary<string, StoredBooking> inSessions, ISet<string> ourMembers)
    {
        var violations = new List<string>();
        var compared = 0;
        foreach (var b in inSessions.Values.Where(b => ourMembers.Contains(b.MemberId)))
        {
            compared++;
            var mine = stored.Members.TryGetValue(b.MemberId, out var list) ? list.FirstOrDefault(m => m.BookingId == b.BookingId) : null;
            if (mine is null) violations.Add($"{b.SessionId}/{b.BookingId} ({b.Status}) is missing from {b.MemberId}'s list");
            else if (mine.Status != b.Status || mine.WaitlistPosition != b.WaitlistPosition)
                violations.Add($"{b.SessionId}/{b.BookingId}: session says {b.Status} {b.WaitlistPosition}, {b.MemberId} says {mine.Status} {mine.WaitlistPosition}");
        }

        foreach (var (member, list) in stored.Members)
        {
            foreach (var m in list.Where(m => m.IsActive && stored.Sessions.ContainsKey(m.SessionId) && !inSessions.ContainsKey(m.BookingId)))
                violations.Add($"{member} lists {m.SessionId}/{m.BookingId} ({m.Status}) that the session does not hold");
        }

        return new("every booking the same on the member's side (every outbox delivered)", compared, violations);
    }
}
