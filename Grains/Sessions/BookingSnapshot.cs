using System.Text.Json.Serialization;

namespace Occupancy.Grains.Sessions;

/// <summary>
/// One booking as its member sees it: the body of booking, cancellation and check-in answers.
/// <see cref="WaitlistPosition"/> only while waitlisted; <see cref="Late"/> only once cancelled.
/// </summary>
[GenerateSerializer, Immutable, Alias("BookingSnapshot")]
public sealed record BookingSnapshot(
    [property: Id(0)] string BookingId,
    [property: Id(1)] string SessionId,
    [property: Id(2)] string MemberId,
    [property: Id(3)] BookingStatus Status,
    [property: Id(4), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? WaitlistPosition,
    [property: Id(5)] string BookedBy,
    [property: Id(6), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Late,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset UpdatedAt);
