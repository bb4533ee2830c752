using Occupancy.Grains.Access;

namespace Occupancy.Grains.Members;

/// <summary>Staff look-ups across members (stateless; any silo answers).</summary>
public interface IMemberLookupGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The members registered with this phone number, by id; empty when none. Staff and admins only; staff of
    /// another site than a member's home site see that member masked. Every look-up is audited (who, when, the
    /// masked number, how many found) before it answers.
    /// </summary>
    Task<Outcome<IReadOnlyList<MemberAnswer>>> FindByPhone(string phone, Actor actor);
}
