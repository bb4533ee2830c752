using Occupancy.Grains.Members;

namespace Occupancy.Grains.Access;

/// <summary>
/// Who may see and change absence alerts. Consent is member data: the member, their family and staff of the home
/// site read and change it. A site's alerts (REST and the <c>alerts:{siteId}</c> topic) are for staff of that site
/// and administrators only; a member's own alerts are also read by the member and their family.
/// </summary>
public static class AlertAccess
{
    public static Problem? MayReadWatch(Actor actor, string memberId, MemberProfile? profile) =>
        Scope.Allow(MemberAccess.ActsFor(actor, memberId, profile) || actor.IsStaffOf(profile?.HomeSiteId), $"read the absence watch of member '{memberId}'");

    public static Problem? MayChangeWatch(Actor actor, string memberId, MemberProfile? profile) =>
        Scope.Allow(MemberAccess.ActsFor(actor, memberId, profile) || actor.IsStaffOf(profile?.HomeSiteId), $"change the absence watch of member '{memberId}'");

    public static Problem? MaySeeSiteAlerts(Actor actor, string siteId) =>
        Scope.Allow(actor.IsStaffOf(siteId), $"see the absence alerts of site '{siteId}'");

    /// <summary>In what capacity <paramref name="actor"/> gives consent (checked by <see cref="MayChangeWatch"/> first).</summary>
    public static Alerts.ConsentGiver GiverOf(Actor actor, string memberId) =>
        actor.IsMember(memberId) ? Alerts.ConsentGiver.Self
        : actor.Role == ActorRole.Resident ? Alerts.ConsentGiver.Family
        : Alerts.ConsentGiver.Staff;
}
