namespace Occupancy.Grains.Notices;

/// <summary>What becomes of an open delivery now: abandoned, held until an instant, or due.</summary>
public readonly record struct OutboxDecision(NoticeStatus Status, DateTimeOffset? HeldUntil, string? Failure)
{
    /// <summary>
    /// A notice past its usefulUntil, or older than <paramref name="giveUpAfter"/>, is abandoned (failed); one whose
    /// release (notBefore, end of quiet hours) is still ahead is held until then; else it is due.
    /// </summary>
    public static OutboxDecision Decide(Notice notice, DateTimeOffset now, DateTimeOffset? releaseAt, TimeSpan giveUpAfter)
    {
        if (notice.UsefulUntil is { } until && until <= now) return new(NoticeStatus.Failed, null, "no longer useful");
        if (now - notice.RaisedAt >= giveUpAfter) return new(NoticeStatus.Failed, null, "gave up");
        if (releaseAt is { } release && release > now) return new(NoticeStatus.Held, release, null);
        return new(NoticeStatus.Pending, null, null);
    }

    internal bool Changed(NoticeDelivery delivery) =>
        delivery.Status != Status || delivery.HeldUntil != HeldUntil || (Failure is not null && delivery.LastError != Failure);

    internal void ApplyTo(NoticeDelivery delivery)
    {
        delivery.Status = Status;
        delivery.HeldUntil = HeldUntil;
        if (Failure is not null) delivery.LastError = Failure;
    }
}
