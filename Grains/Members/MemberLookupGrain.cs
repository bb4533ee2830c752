using Occupancy.Grains.Access;

namespace Occupancy.Grains.Members;

[StatelessWorker]
internal sealed class MemberLookupGrain : Grain, IMemberLookupGrain
{
    public async Task<Outcome<IReadOnlyList<MemberView>>> FindByPhone(string phone)
    {
        if (!MemberProfile.IsValidPhone(phone)) return Problem.Invalid("phone", "phone has 5 to 20 digits, optionally after a +.");
        var ids = await GrainFactory.GetGrain<IPhoneIndexGrain>(phone).List();
        var members = await Task.WhenAll(ids.Select(async id => (await GrainFactory.GetGrain<IMemberGrain>(id).Get(Actor.System)).Value));
        // The index may still list a member who changed number; the profile decides.
        return members.OfType<MemberView>().Where(m => m.Phone == phone).OrderBy(m => m.Id, StringComparer.Ordinal).ToArray();
    }
}
