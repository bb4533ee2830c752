namespace Occupancy.Grains.Notices;

/// <summary>
/// How the member's own grain reaches them, sent with its notices: the notices grain cannot ask that grain while it
/// waits on the call, so with this it works out the recipients at once instead of in a later pass and write.
/// </summary>
[GenerateSerializer, Immutable, Alias("MemberContact")]
public sealed record MemberContact([property: Id(0)] string? Phone);
