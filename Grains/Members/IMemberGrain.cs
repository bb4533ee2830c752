using Occupancy.Grains.Access;
using Occupancy.Grains.Live;

namespace Occupancy.Grains.Members;

/// <summary>
/// One resident: profile, no-show record and block, and their bookings as the sessions report them.
/// Single-threaded on purpose: member-side rules (overlap, caps, block) are checked and held in one turn, so
/// two concurrent bookings of one member in different sessions cannot both pass.
/// </summary>
public interface IMemberGrain : IWatchable
{
    /// <summary>
    /// The profile as <paramref name="actor"/> may see it: full (<see cref="MemberView"/>) for the member, family and
    /// staff of the home site; masked (<see cref="MaskedMemberView"/>) for staff of other sites; forbidden otherwise
    /// (also when the member does not exist, unless the actor is all-powerful).
    /// </summary>
    Task<Outcome<MemberAnswer>> Get(Actor actor);

    /// <summary>
    /// Creates (staff of the home site) or replaces the profile: staff of the old and new home site change
    /// everything; the member changes name, phone and family only (see <see cref="MemberAccess"/>).
    /// </summary>
    Task<Outcome<DefinitionResult<MemberView>>> Define(MemberProfile profile, Actor actor);

    /// <summary>Creates the member only if it was never defined (the demo catalog never overwrites staff).</summary>
    Task<bool> DefineIfAbsent(MemberProfile profile);

    /// <summary>The member's bookings: the member, family and staff of the home site.</summary>
    Task<Outcome<MemberBookingsSnapshot>> GetBookings(Actor actor);

    /// <summary>Whether <paramref name="actor"/> may watch <c>member:{id}</c> (as <see cref="GetBookings"/>); null when admitted.</summary>
    Task<Problem?> MayWatch(Actor actor);

    /// <summary>Staff of the home site lift a no-show block.</summary>
    Task<Outcome<MemberView>> Waive(Actor actor, IdempotencyKey? idempotencyKey = null);

    /// <summary>Whether <paramref name="actor"/> is this member or a resident the member lists in <c>family</c>.</summary>
    Task<bool> Accepts(Actor actor);

    /// <summary>Checks the member-side rules for a booking and holds its place; null when granted, else the rule that refused.</summary>
    Task<Problem?> Hold(BookingHold hold);

    /// <summary>The session did not commit the booking it asked a hold for.</summary>
    Task ReleaseHold(string bookingId);

    /// <summary>Booking changes from a session's outbox; idempotent by booking id and version.</summary>
    Task ApplyBookingChanges(IReadOnlyList<MemberBookingChange> changes);
}
