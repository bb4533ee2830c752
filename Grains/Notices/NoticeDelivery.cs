using Occupancy.Grains.Members;

namespace Occupancy.Grains.Notices;

/// <summary>One recipient's delivery of a notice in the outbox: the phone it goes to and how the sending went.</summary>
[GenerateSerializer, Alias("NoticeDelivery")]
internal sealed class NoticeDelivery
{
    [Id(0)] public string DeliveryId { get; set; } = "";
    [Id(1)] public string RecipientMemberId { get; set; } = "";
    [Id(2)] public string Phone { get; set; } = "";
    [Id(3)] public NoticeStatus Status { get; set; } = NoticeStatus.Pending;
    [Id(4)] public int Attempts { get; set; }
    /// <summary>Real (not domain) time before which a retry waits: back-off is mechanics, not a domain rule.</summary>
    [Id(5)] public DateTimeOffset? RetryAt { get; set; }
    [Id(6)] public DateTimeOffset? DeliveredAt { get; set; }
    /// <summary>Domain time a held delivery waits for (notBefore, or the end of quiet hours).</summary>
    [Id(7)] public DateTimeOffset? HeldUntil { get; set; }
    [Id(8)] public string? LastError { get; set; }
    /// <summary>Whether the file mirror has this delivery (only when a mirror is configured).</summary>
    [Id(9)] public bool Mirrored { get; set; }

    public bool IsOpen => Status is NoticeStatus.Pending or NoticeStatus.Held;

    public NoticeDeliveryView View() =>
        new(DeliveryId, RecipientMemberId, MemberMask.Phone(Phone), Status, Attempts, DeliveredAt, HeldUntil, LastError);
}
