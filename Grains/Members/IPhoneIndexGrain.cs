namespace Occupancy.Grains.Members;

/// <summary>
/// The members registered with one phone number (keyed by the number), for the staff desk. Entries are added
/// before a member's profile is written and checked against the profile when read, so the index may list too
/// many ids for a moment but never misses one.
/// </summary>
public interface IPhoneIndexGrain : IGrainWithStringKey
{
    Task Add(string memberId);

    Task Remove(string memberId);

    Task<IReadOnlyList<string>> List();
}
