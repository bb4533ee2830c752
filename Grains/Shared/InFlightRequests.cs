namespace Occupancy.Grains;

/// <summary>
/// Requests with an Idempotency-Key that an activation is executing now (in memory only: after a crash
/// nothing is running). A repeat meanwhile is told to wait instead of executing twice.
/// </summary>
public sealed class InFlightRequests
{
    private readonly Dictionary<string, string> _running = [];

    /// <summary>Whether a request with this key is running, and its fingerprint.</summary>
    public bool IsRunning(IdempotencyKey key, out string fingerprint) => _running.TryGetValue(key.LedgerKey, out fingerprint!);

    public void Begin(IdempotencyKey key, string fingerprint) => _running[key.LedgerKey] = fingerprint;

    public void End(IdempotencyKey? key)
    {
        if (key is not null) _running.Remove(key.LedgerKey);
    }
}
