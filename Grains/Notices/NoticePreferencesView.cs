namespace Occupancy.Grains.Notices;

/// <summary>A member's notice preferences as they apply: the effective channel, and whether it is the default.</summary>
[GenerateSerializer, Immutable, Alias("NoticePreferencesView")]
public sealed record NoticePreferencesView(
    [property: Id(0)] string MemberId,
    [property: Id(1)] NoticeChannel Channel,
    [property: Id(2)] bool ChannelIsDefault,
    [property: Id(3)] string? QuietFrom,
    [property: Id(4)] string? QuietUntil,
    [property: Id(5)] long Version);
