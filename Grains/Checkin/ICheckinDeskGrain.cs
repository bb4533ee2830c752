using Occupancy.Grains.Access;

namespace Occupancy.Grains.Checkin;

/// <summary>
/// The door of one site (keyed by site id): what a code is made for, and what a scan at the site's kiosk comes to. A
/// booking's scan checks it in through its session (the session's rules); a membership code or card at a canteen
/// records a visit through the canteen's visit desk. It keeps no state of its own.
/// </summary>
public interface ICheckinDeskGrain : IGrainWithStringKey
{
    /// <summary>A booking's code: the booking's member, their family, staff of the session's site (as the session decides).</summary>
    Task<Outcome<CheckinPass>> BookingPass(string sessionId, string bookingId, Actor actor);

    /// <summary>A member's membership code: the member, their family, staff of the home site.</summary>
    Task<Outcome<CheckinPass>> MemberPass(string memberId, Actor actor);

    /// <summary>A scan at this site: its kiosk (site device), staff of the site, or an administrator.</summary>
    Task<Outcome<ScanAnswer>> Scan(Scan scan, Actor actor, IdempotencyKey? idempotencyKey = null);
}
