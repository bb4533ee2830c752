using Occupancy.Grains.Sessions;

namespace Occupancy.Grains.Members;

/// <summary>
/// A session asks a member, before committing a booking, to check the member-side rules and hold the place
/// (durably) so a concurrent booking of the same member elsewhere sees it. A hold the session never commits
/// lapses: the member asks the session and drops it.
/// </summary>
[GenerateSerializer, Immutable, Alias("BookingHold")]
public sealed record BookingHold(
    [property: Id(0)] string BookingId,
    [property: Id(1)] string SessionId,
    [property: Id(2)] string SiteId,
    [property: Id(3)] BookingCategory Category,
    [property: Id(4)] DateTimeOffset StartsAt,
    [property: Id(5)] DateTimeOffset EndsAt,
    [property: Id(6)] DateOnly SessionDate,
    [property: Id(7)] Eligibility Eligibility,
    [property: Id(8)] string BookedBy,
    [property: Id(9)] HoldPurpose Purpose);
