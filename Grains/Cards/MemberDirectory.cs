using Occupancy.Grains.Access;
using Occupancy.Grains.Members;

namespace Occupancy.Grains.Cards;

/// <summary>
/// The one place the card grains read a member (home site for the desk's scope, name for the sign-in answer),
/// as the system: the card grain decides who may see what.
/// </summary>
internal static class MemberDirectory
{
    public static async Task<MemberView?> Read(IGrainFactory grains, string memberId) =>
        (await grains.GetGrain<IMemberGrain>(memberId).Get(Actor.System)).Value as MemberView;
}
