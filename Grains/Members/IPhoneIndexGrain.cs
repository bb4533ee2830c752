namespace Occupancy.Grains.Members;

/// <summary>
/// The members registered with one phone number, for the staff desk. Keyed by the number's keyed hash
/// (<see cref="PhoneIndex.For"/>), never the number. Entries are added before a member's profile is written and
/// checked against the profile when read, so the index may list too many ids for a moment but never misses one.
/// Member profiles are the truth: the index is rebuilt from them (a profile saved or seeded again re-lists itself).
/// </summary>
public interface IPhoneIndexGrain : IGrainWithStringKey
{
    Task Add(string memberId);

    Task Remove(string memberId);

    Task<IReadOnlyList<string>> List();
}
