using Occupancy.Grains.Sessions;

namespace Occupancy.Grains.Members;

/// <summary>
/// A booking as its session last decided it, sent from the session's outbox to the member. The member applies
/// it only if <see cref="Version"/> (the session's version at the change) is newer than what it holds, so
/// redelivery and reordering are harmless. Place, time zone, promotion, cause and time of the change are what the
/// member's notices need (<see cref="Notices.BookingNotices"/>); changes written before they existed have none.
/// </summary>
[GenerateSerializer, Immutable, Alias("MemberBookingChange")]
public sealed record MemberBookingChange(
    [property: Id(0)] string BookingId,
    [property: Id(1)] string SessionId,
    [property: Id(2)] string SiteId,
    [property: Id(3)] string Title,
    [property: Id(4)] string? TitleEn,
    [property: Id(5)] BookingCategory Category,
    [property: Id(6)] DateTimeOffset StartsAt,
    [property: Id(7)] DateTimeOffset EndsAt,
    [property: Id(8)] BookingStatus Status,
    [property: Id(9)] int? WaitlistPosition,
    [property: Id(10)] bool? Late,
    [property: Id(11)] DateTimeOffset CreatedAt,
    [property: Id(12)] long Version,
    [property: Id(13)] string? Place = null,
    [property: Id(14)] string? TimeZone = null,
    [property: Id(15)] bool Promoted = false,
    [property: Id(16)] CancellationCause? CancelledBy = null,
    [property: Id(17)] DateTimeOffset? UpdatedAt = null);
