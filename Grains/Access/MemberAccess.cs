using Occupancy.Grains.Members;

namespace Occupancy.Grains.Access;

/// <summary>
/// Who may see and change a member. Member data follows the member's home site: its staff see and change
/// everything; staff of other sites see a masked profile only. The member reads and edits their own name,
/// phone and family, never eligibility or home site; residents the member lists in <c>family</c> read the
/// profile and the bookings. A member with no home site has no site staff: only an administrator is staff of them.
/// </summary>
public static class MemberAccess
{
    /// <summary>A resident the member lists in <c>family</c> (they may book, cancel and read for the member).</summary>
    public static bool IsFamily(Actor actor, MemberProfile? profile) =>
        actor.Role == ActorRole.Resident && actor.MemberId is { } me && profile is not null && profile.FamilyOrEmpty.Contains(me);

    /// <summary>The member themself or family: who may act for the member in a session.</summary>
    public static bool ActsFor(Actor actor, string memberId, MemberProfile? profile) => actor.IsMember(memberId) || IsFamily(actor, profile);

    /// <summary>How much of the profile the actor sees; <paramref name="profile"/> is null when the member does not exist.</summary>
    public static MemberSight Sight(Actor actor, string memberId, MemberProfile? profile)
    {
        if (ActsFor(actor, memberId, profile) || actor.IsStaffOf(profile?.HomeSiteId)) return MemberSight.Full;
        // Staff elsewhere may need to recognise a visitor, not to read their details; never for an unknown id.
        if (actor.Role == ActorRole.Staff && profile is not null) return MemberSight.Masked;
        return MemberSight.None;
    }

    /// <summary>Bookings and the <c>member:{id}</c> topic: the member, family, staff of the home site.</summary>
    public static Problem? MayReadPrivate(Actor actor, string memberId, MemberProfile? profile) =>
        Scope.Allow(ActsFor(actor, memberId, profile) || actor.IsStaffOf(profile?.HomeSiteId), $"read member '{memberId}'");

    /// <summary>Lifting a no-show block: staff of the home site.</summary>
    public static Problem? MayWaive(Actor actor, string memberId, MemberProfile? profile) =>
        Scope.Allow(actor.IsStaffOf(profile?.HomeSiteId), $"waive the block of member '{memberId}'");

    /// <summary>
    /// Creating: staff of the new profile's home site. Replacing: staff of the old and the new home site change
    /// everything; the member changes name, phone and family only.
    /// </summary>
    public static Problem? MayDefine(Actor actor, string memberId, MemberProfile? previous, MemberProfile profile)
    {
        if (previous is null) return Scope.Allow(actor.IsStaffOf(profile.HomeSiteId), $"create member '{memberId}'");
        if (actor.IsStaffOf(previous.HomeSiteId) && actor.IsStaffOf(profile.HomeSiteId)) return null;
        if (!actor.IsMember(memberId)) return Actor.Forbidden($"change member '{memberId}'");
        if (!profile.SameEligibilityAs(previous)) return Actor.Forbidden("change ageGroup, resident or annualCard; staff set them");
        if (profile.HomeSiteId != previous.HomeSiteId) return Actor.Forbidden("change homeSiteId; staff set it");
        return null;
    }
}

/// <summary>How much of a member's profile an actor may see.</summary>
public enum MemberSight
{
    None,

    /// <summary>Name initial and masked phone (staff of another site).</summary>
    Masked,

    Full,
}
