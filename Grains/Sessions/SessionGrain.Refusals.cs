namespace Occupancy.Grains.Sessions;

/// <summary>Refusals, given only from a state the store agrees with.</summary>
internal sealed partial class SessionGrain
{
    /// <summary>
    /// A definite refusal is given only from a state the store agrees with. After a write whose outcome is unknown
    /// (and a read-back that failed, or found the store not yet past it), memory may be behind the store: the lost
    /// write may hold this very request's booking, landed or still on its way, and a refusal now ("full", because
    /// others took the place it frees in memory) would be followed by that booking being stored. So the refusal
    /// first waits for a write; if that write fails too, the outcome stays unknown (503) and the retry, once the
    /// stored state is read back, replays the booking or is refused from a settled state.
    /// </summary>
    private async Task<Problem> RefusalAsync(Problem refusal)
    {
        await _commit.SettleAsync();
        return refusal;
    }

    /// <summary>
    /// As <see cref="RefusalAsync"/>; and when the stored state was read back while this request ran, it may hold
    /// this key's own answer (an earlier attempt whose write landed unseen): that answer is replayed, not refused.
    /// </summary>
    private async Task<Outcome<BookingSnapshot>> BookRefusalAsync(Problem refusal, IdempotencyKey? key, string fingerprint, long readBacks)
    {
        await _commit.SettleAsync();
        if (key is null || _readBacks == readBacks) return refusal;
        var kept = await _ledger.FindDurableAsync(key, D);
        return kept is { Result.Booking: { } booking } && kept.Fingerprint == fingerprint ? booking : refusal;
    }
}
