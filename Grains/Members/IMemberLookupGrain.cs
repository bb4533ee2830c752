namespace Occupancy.Grains.Members;

/// <summary>Staff look-ups across members (stateless; any silo answers).</summary>
public interface IMemberLookupGrain : IGrainWithIntegerKey
{
    /// <summary>The members registered with this phone number, by id; empty when none.</summary>
    Task<Outcome<IReadOnlyList<MemberView>>> FindByPhone(string phone);
}
