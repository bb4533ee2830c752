using Occupancy.Grains.Members;

namespace Occupancy.Grains.Alerts;

/// <summary>What access decisions need of a member (home site and family), from the member grain's full view.</summary>
internal static class MemberProfiles
{
    public static MemberProfile? Of(Outcome<MemberAnswer> answer) =>
        answer.Value is MemberView view ? new MemberProfile(view.Name, view.Phone, view.HomeSiteId, Family: view.Family) : null;
}
