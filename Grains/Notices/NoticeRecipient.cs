namespace Occupancy.Grains.Notices;

/// <summary>Someone a notice is sent to: a member and their phone.</summary>
[GenerateSerializer, Immutable, Alias("NoticeRecipient")]
public sealed record NoticeRecipient([property: Id(0)] string MemberId, [property: Id(1)] string Phone);
