using System.Text.Json.Serialization;

namespace Occupancy.Grains.Members;

/// <summary>
/// What GET /api/members/{id} answers an actor: the full <see cref="MemberView"/> (the member, family, staff
/// of the home site) or the <see cref="MaskedMemberView"/> (staff of another site). Written as the concrete
/// type, with no type marker.
/// </summary>
[GenerateSerializer, Immutable, Alias("MemberAnswer")]
[JsonDerivedType(typeof(MemberView))]
[JsonDerivedType(typeof(MaskedMemberView))]
public abstract record MemberAnswer;
