namespace Occupancy.Grains.Sessions.Rules;

/// <summary>
/// A place promised to a request while its member's hold is asked for: a seat or a waitlist place, in
/// arrival order (<see cref="Seq"/>). Kept in memory only; a crash forgets it, and the member's hold lapses.
/// </summary>
internal sealed record Reservation(string BookingId, string MemberId, bool Seat, long Seq);
