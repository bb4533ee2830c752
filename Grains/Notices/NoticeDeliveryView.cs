namespace Occupancy.Grains.Notices;

/// <summary>One recipient's delivery of a notice, as staff and the member see it (the phone masked).</summary>
[GenerateSerializer, Immutable, Alias("NoticeDeliveryView")]
public sealed record NoticeDeliveryView(
    [property: Id(0)] string DeliveryId,
    [property: Id(1)] string RecipientMemberId,
    [property: Id(2)] string? MaskedPhone,
    [property: Id(3)] NoticeStatus Status,
    [property: Id(4)] int Attempts,
    [property: Id(5)] DateTimeOffset? DeliveredAt,
    [property: Id(6)] DateTimeOffset? HeldUntil,
    [property: Id(7)] string? LastError);
