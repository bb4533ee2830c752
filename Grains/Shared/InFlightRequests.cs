namespace Occupancy.Grains;

/// <summary>
/// Requests with an Idempotency-Key that an activation is executing now (in memory only: after a crash
/// nothing is running). A repeat meanwhile is told to wait instead of executing twice.
/// </summary>
public sealed class InFlightRequests
{
    public enum Start
    {
        Started,
        Running,
        RunningOtherRequest,
    }

    private readonly Dictionary<string, string> _running = [];

    public Start TryBegin(IdempotencyKey key, string fingerprint)
    {
        if (_running.TryGetValue(key.LedgerKey, out var running))
            return running == fingerprint ? Start.Running : Start.RunningOtherRequest;
        _running[key.LedgerKey] = fingerprint;
        return Start.Started;
    }

    public void End(IdempotencyKey? key)
    {
        if (key is not null) _running.Remove(key.LedgerKey);
    }
}
