namespace Occupancy.Grains.Notices;

/// <summary>
/// Something to tell a member (or, by their preferences, their family). <see cref="NoticeId"/> is stable for the event
/// it reports (for example <c>{bookingId}:confirmed</c>), so a producer that retries enqueues it once; the delivery id a
/// gateway deduplicates on is derived from it and the recipient.
/// </summary>
[GenerateSerializer, Immutable, Alias("Notice")]
public sealed record Notice(
    [property: Id(0)] string NoticeId,
    [property: Id(1)] string MemberId,
    [property: Id(2)] string SiteId,
    [property: Id(3)] NoticeKind Kind,
    [property: Id(4)] string Text,
    [property: Id(5)] string TextEn,
    [property: Id(6)] DateTimeOffset RaisedAt,
    [property: Id(7)] DateTimeOffset? UsefulUntil = null,
    [property: Id(8)] bool Urgent = false,
    [property: Id(9)] DateTimeOffset? NotBefore = null,
    [property: Id(10)] string? SubjectId = null);
