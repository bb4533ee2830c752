namespace Occupancy.Grains.Sessions;

/// <summary>
/// The bytes a session's state takes in the store, estimated from parts measured once with the store's serializer
/// (a booking, an outbox entry, an answer in the journal), so a request can be weighed without serializing the
/// whole state. Bookings differ only in their ids' lengths and numbers; samples use ten-digit numbers, so the
/// estimate errs high. The session refuses new bookings before the table store's limit rather than meet it, and
/// drops ended bookings its members already have before that.
/// </summary>
internal sealed class SessionSize
{
    /// <summary>
    /// No new booking beyond this: the rest of the entity limit is headroom for what follows without a new
    /// booking (a mass expiry, a redefinition re-sending every booking, the journal of the last writes).
    /// </summary>
    public const int RefuseAbove = 820 * 1024;

    /// <summary>Ended bookings members already have are dropped (oldest first) while the state is above this.</summary>
    public const int PruneAbove = 640 * 1024;

    /// <summary>What the state holds besides bookings, outbox and journal (version, phase, zone, punctuation).</summary>
    private const int Slack = 2048;
    /// <summary>A generous bound on what one set mark of a booking (promoted, cancelled by) adds to the sample, which has none set.</summary>
    private const int MarkBytes = 8;

    private readonly int _booking;
    private readonly int _outboxEntry;
    private readonly int _answer;
    private readonly IServiceProvider _services;
    private SessionDefinition? _measuredDefinition;
    private int _definition;

    public SessionSize(IServiceProvider services)
    {
        _services = services;
        const long TenDigits = 9_999_999_999;
        var at = DateTimeOffset.UnixEpoch;
        var sample = new Booking("", "", "", BookingStatus.Waitlisted, TenDigits, 1000, true, at, at, TenDigits);
        // The booking, under its id as the dictionary's key, with the punctuation around it.
        _booking = (StateSize.Of(services, sample) ?? 600) + 8;
        _outboxEntry = TenDigits.ToString().Length + 8;
        var maxId = new string('x', 64);
        var snapshot = new BookingSnapshot(maxId, maxId, maxId, BookingStatus.Waitlisted, 1000, maxId, true, at, at);
        var answer = new LedgerEntry<SessionReply>($"book\n{maxId}\n{maxId}", new SessionReply(snapshot, null), at);
        _answer = (StateSize.Of(services, answer) ?? 1500) + 2 * 64 + 16;
    }

    /// <summary>Bytes of one booking in the state, with its ids.</summary>
    public int Booking(Booking b) => _booking + 2 * b.BookingId.Length + b.MemberId.Length + b.BookedBy.Length
        + (b.Promoted ? MarkBytes : 0) + (b.CancelledBy is null ? 0 : MarkBytes);

    /// <summary>Bytes of a booking not made yet, with the longest ids (an upper bound).</summary>
    public int NewBooking => _booking + 4 * 64 + _outboxEntry + 64 + _answer;

    /// <summary>Estimated bytes of <paramref name="state"/> as stored.</summary>
    public long Of(SessionState state)
    {
        if (!ReferenceEquals(state.Definition, _measuredDefinition))
        {
            _measuredDefinition = state.Definition;
            _definition = state.Definition is null ? 0 : StateSize.Of(_services, state.Definition) ?? 2048;
        }
        long bytes = Slack + _definition;
        foreach (var b in state.Bookings.Values) bytes += Booking(b);
        foreach (var id in state.Undelivered.Keys) bytes += _outboxEntry + id.Length;
        bytes += (long)state.Ledger.Count * _answer;
        bytes += (long)state.Outbox.Count * 1024;
        return bytes;
    }

    /// <summary>Whether <paramref name="extra"/> more bookings would take the state past what the session accepts.</summary>
    public bool Refuses(SessionState state, int extra) => Of(state) + (long)extra * NewBooking > RefuseAbove;

    /// <summary>Ended bookings members already have, oldest first, to drop so the state is back under <see cref="PruneAbove"/>.</summary>
    public IReadOnlyList<string> EndedToDrop(SessionState state)
    {
        var over = Of(state) - PruneAbove;
        if (over <= 0) return [];
        var drop = new List<string>();
        foreach (var b in state.Bookings.Values.Where(b => b.HasEnded && !SessionOutbox.Owes(state, b.BookingId)).OrderBy(b => b.UpdatedAt))
        {
            if (over <= 0) break;
            drop.Add(b.BookingId);
            over -= Booking(b);
        }
        return drop;
    }
}
