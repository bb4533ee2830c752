namespace Occupancy.Grains.Notices;

/// <summary>What one booking change asks of the member's notices: notices to enqueue and reminders to withdraw.</summary>
internal sealed record BookingNoticeBatch(IReadOnlyList<Notice> Enqueue, IReadOnlyList<string> Withdraw)
{
    public static readonly BookingNoticeBatch None = new([], []);

    public bool IsEmpty => Enqueue.Count == 0 && Withdraw.Count == 0;
}
