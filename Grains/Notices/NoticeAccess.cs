using Occupancy.Grains.Access;
using Occupancy.Grains.Members;

namespace Occupancy.Grains.Notices;

/// <summary>
/// Who sees and sets a member's notices and preferences: as their bookings (the member, family, staff of the home
/// site). A site's list of the day: staff of that site.
/// </summary>
public static class NoticeAccess
{
    public static Problem? MayReadMember(Actor actor, string memberId, MemberProfile? profile) =>
        Scope.Allow(MemberAccess.ActsFor(actor, memberId, profile) || actor.IsStaffOf(profile?.HomeSiteId), $"read the notices of member '{memberId}'");

    public static Problem? MaySetPreferences(Actor actor, string memberId, MemberProfile? profile) =>
        Scope.Allow(MemberAccess.ActsFor(actor, memberId, profile) || actor.IsStaffOf(profile?.HomeSiteId),
            $"set the notice preferences of member '{memberId}'");

    public static Problem? MayReadSite(Actor actor, string siteId) => Scope.Allow(actor.IsStaffOf(siteId), $"read the notices of site '{siteId}'");
}
