using Occupancy.Grains.Live;

namespace Occupancy.Grains.Members;

/// <summary>
/// One resident: profile, no-show record and block, and their bookings as the sessions report them.
/// Single-threaded on purpose: member-side rules (overlap, caps, block) are checked and held in one turn, so
/// two concurrent bookings of one member in different sessions cannot both pass.
/// </summary>
public interface IMemberGrain : IWatchable
{
    Task<MemberView?> Get();

    /// <summary>
    /// Creates or replaces the profile. Eligibility fields (ageGroup, resident, annualCard) may only change when
    /// <paramref name="byStaff"/> is true; the Api decides who is staff.
    /// </summary>
    Task<Outcome<DefinitionResult<MemberView>>> Define(MemberProfile profile, bool byStaff);

    /// <summary>Creates the member only if it was never defined (the demo catalog never overwrites staff).</summary>
    Task<bool> DefineIfAbsent(MemberProfile profile);

    Task<MemberBookingsSnapshot?> GetBookings();

    /// <summary>Staff lift a no-show block.</summary>
    Task<Outcome<MemberView>> Waive(IdempotencyKey? idempotencyKey = null);

    /// <summary>Whether <paramref name="actorId"/> may act for this member: the member, "staff", or a listed family member.</summary>
    Task<bool> Accepts(string actorId);

    /// <summary>Checks the member-side rules for a booking and holds its place; null when granted, else the rule that refused.</summary>
    Task<Problem?> Hold(BookingHold hold);

    /// <summary>The session did not commit the booking it asked a hold for.</summary>
    Task ReleaseHold(string bookingId);

    /// <summary>Booking changes from a session's outbox; idempotent by booking id and version.</summary>
    Task ApplyBookingChanges(IReadOnlyList<MemberBookingChange> changes);
}
