namespace Occupancy.Grains.Cards;

/// <summary>The answer to setting a PIN at the desk: the member and the card number to sign in with.</summary>
[GenerateSerializer, Immutable, Alias("MemberCard")]
public sealed record MemberCard([property: Id(0)] string MemberId, [property: Id(1)] string CardNumber);
