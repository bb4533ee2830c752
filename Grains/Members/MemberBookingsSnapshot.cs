using Occupancy.Grains.Live;

namespace Occupancy.Grains.Members;

/// <summary>A member's bookings, newest session first: the hub payload of <c>member:{id}</c>.</summary>
[GenerateSerializer, Immutable, Alias("MemberBookingsSnapshot")]
public sealed record MemberBookingsSnapshot(
    [property: Id(0)] string MemberId,
    [property: Id(1)] IReadOnlyList<MemberBookingView> Bookings,
    [property: Id(2)] long Version,
    [property: Id(3)] DateTimeOffset UpdatedAt) : IVersionedSnapshot;
