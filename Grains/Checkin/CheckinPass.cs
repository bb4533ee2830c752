using System.Text.Json.Serialization;

namespace Occupancy.Grains.Checkin;

/// <summary>
/// What a code is made for, read by a caller allowed to see it: the member (initial only), the card number to type,
/// and for a booking's code its session (title, start and end: the code expires at the end). The Api signs it.
/// </summary>
[GenerateSerializer, Immutable, Alias("CheckinPass")]
public sealed record CheckinPass(
    [property: Id(0)] string MemberId,
    [property: Id(1)] string? Initial,
    [property: Id(2)] string? CardNumber,
    [property: Id(3), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SiteId = null,
    [property: Id(4), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SessionId = null,
    [property: Id(5), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BookingId = null,
    [property: Id(6), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Title = null,
    [property: Id(7), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TitleEn = null,
    [property: Id(8), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? StartsAt = null,
    [property: Id(9), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? EndsAt = null);
