namespace Occupancy.Grains.Sessions.Listing;

/// <summary>
/// The rules of one day's listing, without I/O: per session the highest version heard and the snapshot at it
/// (none when that version lists the session on another day, or it was never defined), with its contract JSON made
/// once when it arrives, so a listing read copies bytes instead of serialising every session again. Versions never go
/// back, whatever order pushes and answers arrive in.
/// </summary>
internal sealed class DayListing(string dayKey)
{
    private readonly Dictionary<string, Known> _known = new(StringComparer.Ordinal);
    private IReadOnlyList<ListedSession>? _listed;

    private sealed record Known(long Version, ListedSession? Listed, DateTimeOffset HeardAt)
    {
        public SessionSnapshot? Snapshot => Listed?.Snapshot;
    }

    public string DayKey { get; } = dayKey;

    /// <summary>
    /// What <paramref name="sessionId"/> said (null: it has no definition, version 0). True when the listing changed;
    /// an older version is ignored, the same one only counts as heard.
    /// </summary>
    public bool Apply(string sessionId, SessionListingEntry? entry, DateTimeOffset now)
    {
        var version = entry?.Snapshot.Version ?? 0;
        if (_known.TryGetValue(sessionId, out var known))
        {
            if (version < known.Version) return false;
            if (version == known.Version)
            {
                _known[sessionId] = known with { HeardAt = now };
                return false;
            }
        }
        _known[sessionId] = new Known(version, entry is not null && entry.DayKey == DayKey ? ListedSession.Of(entry.Snapshot) : null, now);
        _listed = null;
        return true;
    }

    public long VersionOf(string sessionId) => _known.TryGetValue(sessionId, out var known) ? known.Version : -1;

    /// <summary>The sessions listed on this day, by start then id.</summary>
    public IReadOnlyList<SessionSnapshot> Sessions() => Listed().Select(l => l.Snapshot).ToArray();

    /// <summary>The sessions listed on this day with their JSON, by start then id (kept until the listing changes).</summary>
    public IReadOnlyList<ListedSession> Listed() =>
        _listed ??= _known.Values.Select(k => k.Listed).OfType<ListedSession>()
            .OrderBy(l => l.Snapshot.StartsAt).ThenBy(l => l.Snapshot.Id, StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Whom to ask, given the sessions the calendar lists on this day: those never heard of, those listed here that the
    /// calendar no longer has (moved away, the push that said so lost), and those not heard from for <paramref name="confirmAfter"/>.
    /// </summary>
    public IReadOnlyList<string> ToAsk(IEnumerable<string> calendar, DateTimeOffset now, TimeSpan confirmAfter)
    {
        var listed = calendar.ToHashSet(StringComparer.Ordinal);
        var ask = listed.Where(id => !_known.ContainsKey(id)).ToList();
        foreach (var (id, known) in _known)
        {
            var stale = now - known.HeardAt >= confirmAfter;
            var goneFromCalendar = known.Snapshot is not null && !listed.Contains(id);
            if ((stale && (known.Snapshot is not null || listed.Contains(id))) || goneFromCalendar) ask.Add(id);
        }
        return ask.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// Sessions whose shown status the clock has passed (booking opened or closed since their last write): their own
    /// read applies the clock, as a session's GET does, so the listing asks them rather than show a stale status.
    /// </summary>
    public IReadOnlyList<string> BehindTheClock(DateTimeOffset now) =>
        _known.Values.Select(k => k.Snapshot).OfType<SessionSnapshot>()
            .Where(s => (s.Status == SessionStatus.NotYetOpen && now >= s.BookingOpensAt) || (s.Status == SessionStatus.Open && now >= s.BookingClosesAt))
            .Select(s => s.Id)
            .ToArray();
}
