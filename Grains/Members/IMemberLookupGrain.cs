using Occupancy.Grains.Access;

namespace Occupancy.Grains.Members;

/// <summary>Staff look-ups across members (stateless; any silo answers).</summary>
public interface IMemberLookupGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The members registered with this phone number, by id; empty when none. Staff and admins only; every
    /// look-up is audited (who, when, the masked number, how many found) before it answers.
    /// </summary>
    Task<Outcome<IReadOnlyList<MemberView>>> FindByPhone(string phone, Actor actor);
}
