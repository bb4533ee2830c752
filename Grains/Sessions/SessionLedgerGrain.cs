using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Serialization;

namespace Occupancy.Grains.Sessions;

/// <summary>
/// Reentrant with group commit: look-ups answer from what is durable, and the answers of several session writes
/// arriving while a write is in flight join the next single write. Bounded by bytes (measured per answer with the
/// store's serializer), oldest first, and by the retention the contract promises (at least 24 hours).
/// </summary>
[Reentrant]
internal sealed class SessionLedgerGrain : Grain, ISessionLedgerGrain
{
    /// <summary>Its state's name: written after a booking is answered, so the silo defers these writes (Silo/Storage/DeferredWrites.cs).</summary>
    internal const string StateName = "session-ledger";

    /// <summary>Bytes of answers one session keeps: well inside the table store's entity limit.</summary>
    internal const int MaxBytes = 640 * 1024;

    private readonly IPersistentState<SessionLedgerState> _state;
    private readonly DeepCopier<SessionLedgerState> _copier;
    private readonly DomainClock _clock;
    private readonly BookingOptions _options;
    private readonly ILogger<SessionLedgerGrain> _logger;
    private readonly Dictionary<string, int> _sizes = [];
    private GroupCommit<SessionLedgerState> _commit = null!;

    public SessionLedgerGrain(
        [PersistentState(StateName, StorageNames.Occupancy)] IPersistentState<SessionLedgerState> state,
        DeepCopier<SessionLedgerState> copier,
        DomainClock clock,
        IOptions<BookingOptions> options,
        ILogger<SessionLedgerGrain> logger)
    {
        _state = state;
        _copier = copier;
        _clock = clock;
        _options = options.Value;
        _logger = logger;
    }

    private Dictionary<string, LedgerEntry<SessionReply>> Working => _commit.Working.Answers.Entries;

    /// <summary>Bytes of the answers kept now (as measured when each was kept).</summary>
    internal long Bytes => Working.Sum(e => (long)SizeOf(e.Key, e.Value));

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _commit = new GroupCommit<SessionLedgerState>(_state, _copier, this, _logger) { Reverted = _sizes.Clear };
        return Task.CompletedTask;
    }

    public Task<LedgerEntry<SessionReply>?> Find(string ledgerKey) =>
        Task.FromResult(_commit.Durable.Answers.Entries.GetValueOrDefault(ledgerKey));

    public async Task Keep(IReadOnlyDictionary<string, LedgerEntry<SessionReply>> answers)
    {
        var changed = false;
        foreach (var (key, answer) in answers)
        {
            if (Working.TryGetValue(key, out var kept) && kept.At == answer.At && kept.Fingerprint == answer.Fingerprint) continue;
            Working[key] = answer;
            changed = true;
        }
        if (changed) Prune(_clock.UtcNow);
        // Kept already, perhaps by a write still in flight: done once that is durable.
        if (changed || answers.Keys.Any(k => !_commit.Durable.Answers.Entries.ContainsKey(k) && Working.ContainsKey(k))) await _commit.CommitAsync();
    }

    private void Prune(DateTimeOffset now)
    {
        _commit.Working.Answers.Prune(now, new LedgerRetention(_options.IdempotencyRetention, int.MaxValue));
        var bytes = Bytes;
        if (bytes <= MaxBytes) return;
        foreach (var (key, answer) in Working.OrderBy(e => e.Value.At).ToArray())
        {
            if (bytes <= MaxBytes) break;
            bytes -= SizeOf(key, answer);
            Working.Remove(key);
            _sizes.Remove(key);
            _logger.LogWarning("Session {Session} forgets the answer under an Idempotency-Key from {At} early: its ledger is full", this.GetPrimaryKeyString(), answer.At);
        }
    }

    private int SizeOf(string key, LedgerEntry<SessionReply> answer)
    {
        if (_sizes.TryGetValue(key, out var size)) return size;
        // The key twice over (it is written as the dictionary's key) and a little for the punctuation around it.
        size = (StateSize.Of(ServiceProvider, answer) ?? 1024) + key.Length + 16;
        _sizes[key] = size;
        return size;
    }
}
