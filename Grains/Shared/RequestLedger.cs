namespace Occupancy.Grains;

/// <summary>
/// The answered requests of one entity, kept inside the entity's own state and written in the same write as
/// the change they made, so "changed" and "remembered" are one fact. Only successes are recorded; a refused
/// or failed request leaves no trace and may be retried with the same key. Requests still running are
/// tracked in memory (<see cref="InFlightRequests"/>), never stored. Generic so any entity can use it.
/// </summary>
[GenerateSerializer, Alias("RequestLedger`1")]
public sealed class RequestLedger<TResult>
{
    [Id(0)] public Dictionary<string, LedgerEntry<TResult>> Entries { get; set; } = [];

    public int Count => Entries.Count;

    /// <summary>Looks the key up, also among the requests running now; starts tracking it when it is new.</summary>
    public LedgerCheck<TResult> Begin(IdempotencyKey? key, string fingerprint, InFlightRequests inFlight)
    {
        if (key is null) return new(LedgerVerdict.New, default);
        // Running first: its entry may already be recorded but not yet durable, and must not be replayed before it is.
        if (inFlight.IsRunning(key, out var running))
            return new(running == fingerprint ? LedgerVerdict.InProgress : LedgerVerdict.Reused, default);
        if (Entries.TryGetValue(key.LedgerKey, out var entry))
        {
            return entry.Fingerprint == fingerprint
                ? new(LedgerVerdict.Replay, entry.Result)
                : new(LedgerVerdict.Reused, default);
        }
        inFlight.Begin(key, fingerprint);
        return new(LedgerVerdict.New, default);
    }

    /// <summary>Records a success, then forgets what is past retention, oldest first.</summary>
    public void Remember(IdempotencyKey? key, string fingerprint, TResult result, DateTimeOffset at, LedgerRetention retention)
    {
        if (key is null) return;
        Entries[key.LedgerKey] = new LedgerEntry<TResult>(fingerprint, result, at);
        Prune(at, retention);
    }

    public void Prune(DateTimeOffset now, LedgerRetention retention)
    {
        var cutoff = now - retention.KeepFor;
        foreach (var (k, e) in Entries)
        {
            if (e.At < cutoff) Entries.Remove(k);
        }
        if (Entries.Count <= retention.MaxEntries) return;
        foreach (var (k, _) in Entries.OrderBy(e => e.Value.At).Take(Entries.Count - retention.MaxEntries).ToArray())
        {
            Entries.Remove(k);
        }
    }
}
