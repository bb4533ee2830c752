using Occupancy.Grains.Members;

namespace Occupancy.Grains.Sessions;

/// <summary>
/// Booking changes a session owes its members, kept compact in the session's state: only which booking and the
/// version of its change (a few dozen bytes), never the change itself, which is rebuilt from the booking when it
/// is sent (the latest version of a booking supersedes any older one, as members apply only newer versions).
/// So a mass expiry at close or a redefinition that touches every booking adds little to the stored state.
/// <para>
/// What members acknowledged is remembered in memory until the removal is written; that memory belongs to the
/// state it was made for, so a revert (a failed write) forgets it and the restored entries are sent again.
/// </para>
/// </summary>
internal sealed class SessionOutbox
{
    /// <summary>Versions members acknowledged, by booking, so an entry is not sent again before its removal is written.</summary>
    private readonly Dictionary<string, long> _acknowledged = [];

    public static void Enqueue(SessionState working, Booking booking) => working.Undelivered[booking.BookingId] = booking.Version;

    public static bool Owes(SessionState state, string bookingId) => state.Undelivered.ContainsKey(bookingId);

    public static bool IsEmpty(SessionState state) => state.Undelivered.Count == 0;

    /// <summary>Moves entries of a state written before the outbox was compact (whole changes) into the compact form.</summary>
    public static void Upgrade(SessionState working)
    {
        foreach (var (bookingId, entry) in working.Outbox)
        {
            working.Undelivered[bookingId] = Math.Max(working.Undelivered.GetValueOrDefault(bookingId), entry.Change.Version);
        }
        working.Outbox.Clear();
    }

    /// <summary>The durable changes members have not acknowledged, by member, rebuilt from the durable bookings.</summary>
    public IReadOnlyList<(string MemberId, MemberBookingChange[] Changes)> Due(SessionState durable, Func<Booking, MemberBookingChange> toChange) =>
        durable.Undelivered
            .Where(e => !_acknowledged.TryGetValue(e.Key, out var acknowledged) || acknowledged < e.Value)
            .Select(e => durable.Bookings.TryGetValue(e.Key, out var booking) ? booking : null)
            .OfType<Booking>()
            .GroupBy(b => b.MemberId)
            .Select(g => (g.Key, g.Select(toChange).ToArray()))
            .ToArray();

    /// <summary>
    /// Records what a member acknowledged and removes it from <paramref name="working"/> (unless a newer change is
    /// owed); true when something was removed, so the removal needs a write.
    /// </summary>
    public bool Acknowledge(SessionState working, IEnumerable<MemberBookingChange> changes)
    {
        var removed = false;
        foreach (var change in changes)
        {
            _acknowledged[change.BookingId] = Math.Max(_acknowledged.GetValueOrDefault(change.BookingId), change.Version);
            if (working.Undelivered.TryGetValue(change.BookingId, out var owed) && owed <= change.Version)
            {
                working.Undelivered.Remove(change.BookingId);
                removed = true;
            }
        }
        return removed;
    }

    /// <summary>Entries owed to nobody any more (a durable booking that left) and memory of removals already durable are dropped.</summary>
    public void Tidy(SessionState working, SessionState durable)
    {
        foreach (var id in _acknowledged.Keys.Where(id => !working.Undelivered.ContainsKey(id) && !durable.Undelivered.ContainsKey(id)).ToArray())
        {
            _acknowledged.Remove(id);
        }
        foreach (var id in working.Undelivered.Keys.Where(id => !working.Bookings.ContainsKey(id)).ToArray())
        {
            working.Undelivered.Remove(id);
        }
    }

    /// <summary>The working state restarted from the store: acknowledgements made for the lost state no longer hold.</summary>
    public void Reverted() => _acknowledged.Clear();
}
