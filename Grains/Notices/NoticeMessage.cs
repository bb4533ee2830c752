namespace Occupancy.Grains.Notices;

/// <summary>
/// The webhook's JSON body (camelCase) for one delivery, and a line of the file mirror. The gateway applies each
/// <see cref="DeliveryId"/> once: the same delivery may arrive again after a timeout or a restart.
/// </summary>
[GenerateSerializer, Immutable, Alias("NoticeMessage")]
public sealed record NoticeMessage(
    [property: Id(0)] string DeliveryId,
    [property: Id(1)] string NoticeId,
    [property: Id(2)] NoticeKind Kind,
    [property: Id(3)] string MemberId,
    [property: Id(4)] string RecipientMemberId,
    [property: Id(5)] string Phone,
    [property: Id(6)] string Text,
    [property: Id(7)] string TextEn,
    [property: Id(8)] string SiteId,
    [property: Id(9)] bool Urgent,
    [property: Id(10)] DateTimeOffset RaisedAt,
    [property: Id(11)] DateTimeOffset? UsefulUntil,
    [property: Id(12)] int Attempt,
    [property: Id(13)] DateTimeOffset SentAt,
    [property: Id(14)] NoticeStatus? Status = null);
