namespace Occupancy.Grains.Notices;

/// <summary>A notice with its deliveries, as the member's list and the site's list of the day answer it.</summary>
[GenerateSerializer, Immutable, Alias("NoticeView")]
public sealed record NoticeView(
    [property: Id(0)] string NoticeId,
    [property: Id(1)] string MemberId,
    [property: Id(2)] string SiteId,
    [property: Id(3)] NoticeKind Kind,
    [property: Id(4)] string Text,
    [property: Id(5)] string TextEn,
    [property: Id(6)] DateTimeOffset RaisedAt,
    [property: Id(7)] DateTimeOffset? UsefulUntil,
    [property: Id(8)] bool Urgent,
    [property: Id(9)] DateTimeOffset? NotBefore,
    [property: Id(10)] NoticeStatus Status,
    [property: Id(11)] IReadOnlyList<NoticeDeliveryView> Deliveries,
    [property: Id(12)] long Version);
