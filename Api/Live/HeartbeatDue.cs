namespace Occupancy.Api.Live;

/// <summary>
/// When the heartbeat must send a topic again. A topic whose watchers were sent a snapshot less than half a period
/// ago has just been heard of: re-sending it would only add a second broadcast to every watcher of a busy topic
/// (5,000 screens of a canteen at lunch) on top of its pushes. A round's sends are spread over its first tenth of a
/// period (<see cref="Spread"/>), so a topic is already due a spread earlier than half a period: the longest silence
/// a watcher then sees stays one and a half periods (sent just after a round, skipped by the next, sent by the one
/// after, at most a spread into it).
/// </summary>
internal static class HeartbeatDue
{
    public static bool IsDue(TimeSpan sinceLastSent, TimeSpan every) => sinceLastSent >= every / 2 - Spread(every);

    /// <summary>
    /// How long one round may take to reach every watcher: its sends go out a slice of watchers at a time over this
    /// much, not all at once, so the server's buffer pool does not grow to hold a send for every connection at the
    /// same moment (and keep that memory while the watchers sit idle).
    /// </summary>
    public static TimeSpan Spread(TimeSpan every) => every / 10;

    /// <summary>The longest a watched topic can go without a send, with rounds every <paramref name="every"/>.</summary>
    public static TimeSpan LongestSilence(TimeSpan every) => every + every / 2;
}
