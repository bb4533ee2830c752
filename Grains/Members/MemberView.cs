namespace Occupancy.Grains.Members;

/// <summary>The member profile as GET /api/members/{id} answers it, with no-shows and the block (null unless blocked).</summary>
[GenerateSerializer, Immutable, Alias("MemberView")]
public sealed record MemberView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Phone,
    [property: Id(3)] string? HomeSiteId,
    [property: Id(4)] AgeGroup? AgeGroup,
    [property: Id(5)] bool Resident,
    [property: Id(6)] AnnualCard? AnnualCard,
    [property: Id(7)] IReadOnlyList<string> Family,
    [property: Id(8)] int NoShows,
    [property: Id(9)] DateTimeOffset? BlockedUntil,
    [property: Id(10)] long Version,
    [property: Id(11)] DateTimeOffset UpdatedAt) : MemberAnswer;
