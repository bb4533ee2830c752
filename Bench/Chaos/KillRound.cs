namespace Occupancy.Bench.Chaos;

/// <summary>
/// One kill -9 and what clients saw of it. <see cref="Recovery"/> is the time from the kill until every probe session
/// that failed afterwards had a booking or cancellation succeed again (those are the sessions, and members, whose
/// grains lived on the killed silo or whose requests went through it); null when one never did within the round.
/// </summary>
public sealed record KillRound(int Round, int Silo, TimeSpan KilledAt, TimeSpan? RestartedAt, int ProbeSessionsHit, TimeSpan? Recovery,
    int FailedLoadAttempts, TimeSpan? LastLoadFailureAfterKill)
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(15);

    /// <summary>The probe sessions that took longer than 15 s (or never came back): how their attempts failed, to tell why.</summary>
    public IReadOnlyList<string> SlowSessions { get; init; } = [];

    internal static KillRound Measure(int round, int silo, TimeSpan killedAt, TimeSpan? restartedAt, TimeSpan windowEnd,
        IReadOnlyCollection<RequestSample> samples)
    {
        var window = samples.Where(s => s.Done >= killedAt && s.Sent < windowEnd).ToArray();
        TimeSpan? recovery = TimeSpan.Zero;
        var hit = 0;
        var slow = new List<string>();
        foreach (var session in window.Where(s => s.Probe).GroupBy(s => s.SessionId))
        {
            var failures = session.Where(s => s.Failed).ToArray();
            if (failures.Length == 0) continue;
            hit++;
            var lastFailure = failures.Max(s => s.Sent);
            var back = session.Where(s => !s.Failed && s.Sent > lastFailure).Select(s => (TimeSpan?)s.Done).Min();
            recovery = back is null || recovery is null ? null : Max(recovery.Value, back.Value - killedAt);
            if (back is null || back.Value - killedAt > Slow) slow.Add(Describe(session.Key, failures, killedAt, back));
        }

        var loadFailures = window.Where(s => !s.Probe && s.Failed).ToArray();
        return new KillRound(round, silo, killedAt, restartedAt, hit, hit == 0 ? null : recovery, loadFailures.Length,
            loadFailures.Length == 0 ? null : loadFailures.Max(s => s.Done) - killedAt) { SlowSessions = slow };
    }

    private static string Describe(string session, RequestSample[] failures, TimeSpan killedAt, TimeSpan? back) =>
        $"{session}: " + string.Join(", ", failures.GroupBy(f => f.Status == 0 ? "no answer in time" : $"{f.Status} {f.Code}".TrimEnd())
            .Select(g => $"{g.Key} ×{g.Count()}")) +
        $"; sent +{(failures.Min(f => f.Sent) - killedAt).TotalSeconds:F1}…+{(failures.Max(f => f.Sent) - killedAt).TotalSeconds:F1} s" +
        (back is { } b ? $", back +{(b - killedAt).TotalSeconds:F1} s" : ", not back");

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public override string ToString() =>
        $"kill {Round}: silo {Silo + 1} at {KilledAt.TotalSeconds:F1} s" +
        (RestartedAt is { } r ? $", restarted at {r.TotalSeconds:F1} s" : "") +
        (ProbeSessionsHit == 0
            ? "; no probe session failed"
            : Recovery is { } t ? $"; {ProbeSessionsHit} probe session(s) failed, all booking again {t.TotalSeconds:F1} s after the kill"
                : $"; {ProbeSessionsHit} probe session(s) failed and not all recovered within the round") +
        $"; load: {FailedLoadAttempts} failed attempt(s)" +
        (LastLoadFailureAfterKill is { } l ? $", the last {l.TotalSeconds:F1} s after the kill" : "");
}
