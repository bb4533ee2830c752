namespace Occupancy.Grains;

/// <summary>What the ledger says about an incoming request with an Idempotency-Key.</summary>
public enum LedgerVerdict
{
    /// <summary>Not seen: execute it.</summary>
    New,

    /// <summary>Seen and answered: replay the answer, change nothing.</summary>
    Replay,

    /// <summary>The key was used for a different request: 422 idempotency-key-reused.</summary>
    Reused,

    /// <summary>The same key is being executed right now: 409 request-in-progress.</summary>
    InProgress,
}

/// <summary>The verdict and, for a replay, the original answer.</summary>
public readonly record struct LedgerCheck<TResult>(LedgerVerdict Verdict, TResult? Result)
{
    public Problem? Problem => Verdict switch
    {
        LedgerVerdict.Reused => new Problem(ProblemCodes.IdempotencyKeyReused, "This Idempotency-Key was used before with a different request."),
        LedgerVerdict.InProgress => new Problem(ProblemCodes.RequestInProgress, "A request with this Idempotency-Key is still running; retry shortly."),
        _ => null,
    };
}
