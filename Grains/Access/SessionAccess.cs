using Occupancy.Grains.Sessions;

namespace Occupancy.Grains.Access;

/// <summary>
/// Who may do what in a session. The session decides what its site decides (staff, the kiosk); whether a
/// resident is family of a booking's member is the member's to say, so <see cref="ForBooking"/> may answer
/// <see cref="BookingAccess.IfFamily"/> and the session asks the member.
/// </summary>
public static class SessionAccess
{
    /// <summary>Creating or replacing: staff of the site it names and, when it exists, of the site it is on.</summary>
    public static Problem? MayDefine(Actor actor, string sessionId, string? currentSiteId, string? siteId) =>
        Scope.Allow(actor.IsStaffOf(siteId) && (currentSiteId is null || actor.IsStaffOf(currentSiteId)), $"define session '{sessionId}'");

    /// <summary>Cancelling the session and reading its booking list: staff of its site.</summary>
    public static Problem? MayManage(Actor actor, string sessionId, string? siteId) =>
        Scope.Allow(actor.IsStaffOf(siteId), $"manage session '{sessionId}'");

    /// <summary>
    /// Booking: staff of the session's site for anyone, or a resident (for themself, or for a member whose
    /// family lists them: the member's hold checks that in the same turn as its other rules). A resident whose
    /// member id is the reserved "staff" could pass for staff in <c>bookedBy</c>, so is refused.
    /// </summary>
    public static Problem? MayBook(Actor actor, string sessionId, string? siteId) =>
        Scope.Allow(actor.IsStaffOf(siteId)
            || (actor.Role == ActorRole.Resident && actor.MemberId is { } member && member != BookingRequest.Staff),
            $"book in session '{sessionId}'");

    /// <summary>Check-in happens at the centre: staff of the session's site or its site device (kiosk), never a resident.</summary>
    public static Problem? MayCheckIn(Actor actor, string sessionId, string? siteId) =>
        Scope.Allow(actor.IsStaffOf(siteId) || actor.IsSiteDeviceOf(siteId), $"check in bookings of session '{sessionId}'");

    /// <summary>
    /// Reading or cancelling one booking: its member, staff of the session's site, or (to be confirmed by the
    /// member) a resident the member lists as family. <paramref name="memberId"/> is null when the booking is unknown.
    /// </summary>
    public static BookingAccess ForBooking(Actor actor, string? siteId, string? memberId)
    {
        if (actor.IsStaffOf(siteId)) return BookingAccess.Allowed;
        if (actor.Role != ActorRole.Resident || memberId is null) return BookingAccess.Forbidden;
        return actor.IsMember(memberId) ? BookingAccess.Allowed : BookingAccess.IfFamily;
    }

    public static Problem ForbiddenBooking(string bookingId) => Actor.Forbidden($"act on booking '{bookingId}'");
}

/// <summary>The session's side of a decision about one booking.</summary>
public enum BookingAccess
{
    Allowed,

    /// <summary>Allowed only if the booking's member lists the resident in <c>family</c>.</summary>
    IfFamily,

    Forbidden,
}
