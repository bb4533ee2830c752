using System.Text.Json.Serialization;
using Occupancy.Grains.Live;

namespace Occupancy.Grains.Sessions;

/// <summary>
/// A session as apps and screens see it: the REST body and the hub payload of <c>session:{id}</c>.
/// <see cref="CancelledBookings"/> only in the answer to a change of the session: the bookings it cancelled because
/// they broke their members' rules under the new times, category or eligibility.
/// </summary>
[GenerateSerializer, Immutable, Alias("SessionSnapshot")]
public sealed record SessionSnapshot(
    [property: Id(0)] string Id,
    [property: Id(1)] string SiteId,
    [property: Id(2)] string FacilityId,
    [property: Id(3)] string Title,
    [property: Id(4)] string? TitleEn,
    [property: Id(5)] BookingCategory Category,
    [property: Id(6)] string? Place,
    [property: Id(7)] DateTimeOffset StartsAt,
    [property: Id(8)] DateTimeOffset EndsAt,
    [property: Id(9)] int Capacity,
    [property: Id(10)] int Booked,
    [property: Id(11)] int Available,
    [property: Id(12)] int WaitlistCapacity,
    [property: Id(13)] int Waitlisted,
    [property: Id(14)] DateTimeOffset BookingOpensAt,
    [property: Id(15)] DateTimeOffset BookingClosesAt,
    [property: Id(16)] DateTimeOffset CancelFreeUntil,
    [property: Id(17)] Eligibility Eligibility,
    [property: Id(18)] SessionStatus Status,
    [property: Id(19)] int NoShowAfterMinutes,
    [property: Id(20)] long Version,
    [property: Id(21)] DateTimeOffset UpdatedAt,
    [property: Id(22), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<BookingSnapshot>? CancelledBookings = null) : IVersionedSnapshot;
