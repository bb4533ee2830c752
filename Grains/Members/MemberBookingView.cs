using System.Text.Json.Serialization;
using Occupancy.Grains.Sessions;

namespace Occupancy.Grains.Members;

/// <summary>One entry of a member's booking list (GET /api/members/{id}/bookings and the member:{id} topic).</summary>
[GenerateSerializer, Immutable, Alias("MemberBookingView")]
public sealed record MemberBookingView(
    [property: Id(0)] string BookingId,
    [property: Id(1)] string SessionId,
    [property: Id(2)] string Title,
    [property: Id(3)] string? TitleEn,
    [property: Id(4)] BookingCategory Category,
    [property: Id(5)] DateTimeOffset StartsAt,
    [property: Id(6)] DateTimeOffset EndsAt,
    [property: Id(7)] BookingStatus Status,
    [property: Id(8), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? WaitlistPosition,
    [property: Id(9), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Late,
    [property: Id(10)] DateTimeOffset CreatedAt)
{
    public static MemberBookingView From(MemberBookingChange c) =>
        new(c.BookingId, c.SessionId, c.Title, c.TitleEn, c.Category, c.StartsAt, c.EndsAt, c.Status, c.WaitlistPosition, c.Late, c.CreatedAt);
}
