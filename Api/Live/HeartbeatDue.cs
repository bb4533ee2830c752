namespace Occupancy.Api.Live;

/// <summary>
/// When the heartbeat must send a topic again. A topic whose watchers were sent a snapshot less than half a period
/// ago has just been heard of: re-sending it would only add a second broadcast to every watcher of a busy topic
/// (5,000 screens of a canteen at lunch) on top of its pushes. The longest silence a watcher then sees is one and a
/// half periods (sent just after a round, skipped by the next, sent by the one after).
/// </summary>
internal static class HeartbeatDue
{
    public static bool IsDue(TimeSpan sinceLastSent, TimeSpan every) => sinceLastSent >= every / 2;

    /// <summary>The longest a watched topic can go without a send, with rounds every <paramref name="every"/>.</summary>
    public static TimeSpan LongestSilence(TimeSpan every) => every + every / 2;
}
