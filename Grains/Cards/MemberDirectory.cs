using Occupancy.Grains.Members;

namespace Occupancy.Grains.Cards;

/// <summary>
/// The one place the card grains read a member (home site for the desk's scope, name for the sign-in answer):
/// when <see cref="IMemberGrain"/> reads take an actor, this is the call to adapt (as the system).
/// </summary>
internal static class MemberDirectory
{
    public static Task<MemberView?> Read(IGrainFactory grains, string memberId) => grains.GetGrain<IMemberGrain>(memberId).Get();
}
