namespace Occupancy.Grains.Sessions;

/// <summary>
/// Where a booking stands. Moves: waitlisted → confirmed (promotion), waitlisted → expired (at bookingClosesAt),
/// confirmed | waitlisted → cancelled, confirmed → checkedIn, confirmed → noShow. No other move exists.
/// </summary>
public enum BookingStatus
{
    Confirmed,
    Waitlisted,
    Cancelled,
    Expired,
    CheckedIn,
    NoShow,
}
