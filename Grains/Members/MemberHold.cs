using Occupancy.Grains.Sessions;

namespace Occupancy.Grains.Members;

/// <summary>A place held for a booking a session is about to commit; it counts in the member's rules until settled.</summary>
[GenerateSerializer, Immutable, Alias("MemberHold")]
internal sealed record MemberHold(
    [property: Id(0)] string BookingId,
    [property: Id(1)] string SessionId,
    [property: Id(2)] BookingCategory Category,
    [property: Id(3)] DateTimeOffset StartsAt,
    [property: Id(4)] DateTimeOffset EndsAt,
    [property: Id(5)] HoldPurpose Purpose,
    [property: Id(6)] DateTimeOffset PlacedAt);
