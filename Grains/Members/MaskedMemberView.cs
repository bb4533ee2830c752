namespace Occupancy.Grains.Members;

/// <summary>
/// A member as staff of another site see them: the name's first character, a masked phone, the home site;
/// no eligibility, family, no-shows or block. <see cref="Masked"/> is always true, so clients can tell.
/// </summary>
[GenerateSerializer, Immutable, Alias("MaskedMemberView")]
public sealed record MaskedMemberView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Phone,
    [property: Id(3)] string? HomeSiteId,
    [property: Id(4)] long Version,
    [property: Id(5)] DateTimeOffset UpdatedAt) : MemberAnswer
{
    public bool Masked => true;
}
