using Microsoft.Extensions.Logging;

namespace Occupancy.Grains.Sessions;

/// <summary>
/// A session's idempotency ledger, on the session's side. An answer is first recorded in the session's own state
/// (<see cref="SessionState.Ledger"/>, a short journal) in the same write as the change it answers, so "changed"
/// and "remembered" stay one fact; once that write is durable the answer is moved to the session's ledger row
/// (<see cref="ISessionLedgerGrain"/>), and the journal lets go of it when the row has it durably (the removal
/// rides on the session's next write). A crash between the two writes leaves the answer in the journal: a retry
/// is replayed from there, and the next activation moves it on. A crash after the row's write but before the
/// journal's removal leaves it in both, which is harmless.
/// <para>
/// An answer is replayed only from durable state: the session's durable journal, or the row's durable answers.
/// An answer recorded in the working state but not durable belongs to a write that failed and is being read back
/// (a request still running is caught earlier, as in progress): its retry is told the outcome is still unknown.
/// </para>
/// </summary>
internal sealed class SessionLedger(IGrainFactory grains, string sessionId, ILogger logger)
{
    /// <summary>Rows a session's answers are spread over by key: each bounded by bytes, together thousands of answers.</summary>
    internal const int Shards = 4;

    private bool _moving;
    private bool _moveAgain;

    /// <summary>The row that keeps the answer under <paramref name="ledgerKey"/> (a stable hash: the same row in every process).</summary>
    internal static string RowKey(string sessionId, string ledgerKey)
    {
        var hash = 2166136261u;
        foreach (var c in ledgerKey) hash = (hash ^ c) * 16777619u;
        return $"{sessionId}/{hash % Shards}";
    }

    private ISessionLedgerGrain Row(string ledgerKey) => grains.GetGrain<ISessionLedgerGrain>(RowKey(sessionId, ledgerKey));

    /// <summary>Looks the key up; starts tracking it as running when it is new.</summary>
    /// <exception cref="StorageUnavailableException">The key's answer is recorded but not durable, or the row cannot be read.</exception>
    public async Task<LedgerCheck<SessionReply>> BeginAsync(IdempotencyKey? key, string fingerprint, SessionState working, SessionState durable, InFlightRequests inFlight)
    {
        if (key is null) return new(LedgerVerdict.New, default);
        if (inFlight.IsRunning(key, out var running))
            return new(running == fingerprint ? LedgerVerdict.InProgress : LedgerVerdict.Reused, default);
        if (durable.Ledger.Entries.TryGetValue(key.LedgerKey, out var journaled)) return Verdict(journaled, fingerprint);
        if (working.Ledger.Entries.ContainsKey(key.LedgerKey))
            throw new StorageUnavailableException("The first request with this Idempotency-Key has an unknown outcome yet; retry shortly.");
        // Claimed before the row is asked, so a repeat meanwhile is told it is in progress.
        inFlight.Begin(key, fingerprint);
        LedgerEntry<SessionReply>? kept;
        try
        {
            kept = await Row(key.LedgerKey).Find(key.LedgerKey);
        }
        catch (Exception error)
        {
            inFlight.End(key);
            throw error as StorageUnavailableException ?? new StorageUnavailableException("The session's ledger could not be read.", error);
        }
        if (kept is null) return new(LedgerVerdict.New, default);
        inFlight.End(key);
        return Verdict(kept, fingerprint);
    }

    /// <summary>The durable answer under the key (the durable journal's, else the row's); null when there is none.</summary>
    /// <exception cref="StorageUnavailableException">The row cannot be read.</exception>
    public async Task<LedgerEntry<SessionReply>?> FindDurableAsync(IdempotencyKey key, SessionState durable)
    {
        if (durable.Ledger.Entries.TryGetValue(key.LedgerKey, out var journaled)) return journaled;
        try
        {
            return await Row(key.LedgerKey).Find(key.LedgerKey);
        }
        catch (Exception error)
        {
            throw error as StorageUnavailableException ?? new StorageUnavailableException("The session's ledger could not be read.", error);
        }
    }

    private static LedgerCheck<SessionReply> Verdict(LedgerEntry<SessionReply> entry, string fingerprint) =>
        entry.Fingerprint == fingerprint ? new(LedgerVerdict.Replay, entry.Result) : new(LedgerVerdict.Reused, default);

    /// <summary>Moves the durable journal's answers to the row; called after every write of the session and on activation.</summary>
    public void Move(Func<SessionState> durable, Func<SessionState> working)
    {
        if (durable().Ledger.Count == 0) return;
        if (_moving)
        {
            _moveAgain = true;
            return;
        }
        _ = MoveAsync(durable, working);
    }

    private async Task MoveAsync(Func<SessionState> durable, Func<SessionState> working)
    {
        _moving = true;
        try
        {
            do
            {
                _moveAgain = false;
                var rows = durable().Ledger.Entries.GroupBy(e => RowKey(sessionId, e.Key)).ToArray();
                if (rows.Length == 0) break;
                await Task.WhenAll(rows.Select(row =>
                    grains.GetGrain<ISessionLedgerGrain>(row.Key).Keep(row.ToDictionary(e => e.Key, e => e.Value))));
                var journal = working().Ledger.Entries;
                foreach (var (key, answer) in rows.SelectMany(row => row))
                {
                    if (journal.TryGetValue(key, out var entry) && entry.At == answer.At && entry.Fingerprint == answer.Fingerprint) journal.Remove(key);
                }
            }
            while (_moveAgain);
        }
        catch (Exception error)
        {
            // The answers stay in the journal, replayable from there; the next write of the session tries again.
            logger.LogWarning(error, "Answers of session {Session} could not be moved to its ledger", sessionId);
        }
        finally
        {
            _moving = false;
        }
    }
}
