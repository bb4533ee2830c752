using System.Text;

namespace Occupancy.Bench.Chaos;

/// <summary>What a chaos run did and found. <see cref="Passed"/> when every invariant held.</summary>
public sealed record ChaosReport
{
    public required ChaosSettings Settings { get; init; }

    public required TimeSpan LoadDuration { get; init; }

    public required IReadOnlyList<KillRound> Kills { get; init; }

    /// <summary>Failed attempts before the first kill: how loaded the system already was (a kill's failures are on top of these).</summary>
    public required (int ProbeFailed, int ProbeTotal, int LoadFailed, int LoadTotal) BeforeFirstKill { get; init; }

    public required IReadOnlyList<InvariantCheck> Checks { get; init; }

    /// <summary>Checks reported but not gating (<see cref="Passed"/> ignores them): wrong answers that lose nothing.</summary>
    public required IReadOnlyList<InvariantCheck> Findings { get; init; }

    /// <summary>From the start of the full restart until the checks passed (or gave up).</summary>
    public required TimeSpan FullRestartToChecks { get; init; }

    public required int Requests { get; init; }

    public required int BookingsConfirmed { get; init; }

    public required int BookingsWaitlisted { get; init; }

    public required int CancellationsAcknowledged { get; init; }

    public required IReadOnlyDictionary<string, int> Refusals { get; init; }

    public required int OutcomeUnknown { get; init; }

    public required int StoredButUntold { get; init; }

    public required int Attempts { get; init; }

    public required int FailedAttempts { get; init; }

    public required IReadOnlyList<string> Events { get; init; }

    public bool Passed => Checks.Count > 0 && Checks.All(c => c.Passed);

    public string ToMarkdown()
    {
        var s = Settings;
        var text = new StringBuilder();
        text.AppendLine($"## Chaos: {s.Silos} silos, {s.Apis} Api node(s), {s.Bookers} bookers on {s.Sessions} sessions ({s.Capacity} seats + {s.Waitlist} waitlist), {s.Kills} kill(s) every {s.KillEvery.TotalSeconds:F0} s — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores");
        text.AppendLine($"- load: {LoadDuration.TotalSeconds:F0} s, {Requests} requests (one key each) in {Attempts} attempts, {FailedAttempts} attempts failed (5xx, timeout, no connection) and were retried with the same key");
        text.AppendLine($"- acknowledged: {BookingsConfirmed + BookingsWaitlisted} bookings ({BookingsConfirmed} confirmed, {BookingsWaitlisted} waitlisted), {CancellationsAcknowledged} cancellations");
        text.AppendLine($"- refused: {(Refusals.Count == 0 ? "none" : string.Join(", ", Refusals.OrderByDescending(r => r.Value).Select(r => $"{r.Key} ×{r.Value}")))}; outcome unknown (client gave up after {s.GiveUpAfter.TotalSeconds:F0} s): {OutcomeUnknown}; stored bookings no client was told of: {StoredButUntold}");
        var (pf, pt, lf, lt) = BeforeFirstKill;
        text.AppendLine($"- before the first kill: {pf} of {pt} probe attempts and {lf} of {lt} load attempts failed");
        foreach (var kill in Kills)
        {
            text.AppendLine($"- {kill}");
            foreach (var session in kill.SlowSessions) text.AppendLine($"  - {session}");
        }
        text.AppendLine($"- full restart (Api nodes, silos, Azurite with SIGINT) to checks passing: {FullRestartToChecks.TotalSeconds:F0} s; checks read through the Api after it, so from storage:");
        foreach (var check in Checks) text.AppendLine($"  - {check}");
        foreach (var finding in Findings) text.AppendLine($"- finding (reported, not gating): {finding}");
        foreach (var e in Events) text.AppendLine($"- event: {e}");
        text.AppendLine($"- **{(Passed ? "every invariant held" : "AN INVARIANT FAILED")}**");
        return text.ToString();
    }
}
