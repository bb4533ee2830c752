using Occupancy.Grains.Members;

namespace Occupancy.Grains.Sessions;

/// <summary>A booking change the member has not acknowledged yet; kept in the session's state until it has.</summary>
[GenerateSerializer, Immutable, Alias("OutboxEntry")]
internal sealed record OutboxEntry([property: Id(0)] string MemberId, [property: Id(1)] MemberBookingChange Change);
