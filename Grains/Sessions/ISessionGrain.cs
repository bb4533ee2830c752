using Occupancy.Grains.Access;
using Occupancy.Grains.Live;
using Occupancy.Grains.Members;

namespace Occupancy.Grains.Sessions;

/// <summary>
/// One bookable session (a class, course, court slot or meal sitting): its seats, its fair waitlist and every
/// booking in it. The source of truth for its bookings; members' lists follow it through a durable outbox.
/// A method added raises the interface's [Version] (docs/upgrades.md); none is the implicit version 0.
/// </summary>
#if OCCUPANCY_UPGRADE_DRILL
[Orleans.CodeGeneration.Version(1)]
#endif
public interface ISessionGrain : IWatchable
{
    Task<SessionSnapshot?> Get();

    /// <summary>The snapshot and the day it is listed on, for the site's day listing (null when never defined).</summary>
    Task<Listing.SessionListingEntry?> GetListingEntry();

    /// <summary>Creates or replaces the session: staff of the site it names and of the site it is on.</summary>
    Task<Outcome<DefinitionResult<SessionSnapshot>>> Define(SessionDefinition definition, Actor actor);

    /// <summary>Creates the session only if it was never defined: generated sessions never overwrite an administrator.</summary>
    Task<bool> DefineIfAbsent(SessionDefinition definition);

    /// <summary>
    /// Books a seat (confirmed) or a waitlist place (waitlisted), or answers the rule that refused it. The
    /// booking's <c>bookedBy</c> is <paramref name="actor"/>'s (<see cref="Actor.BookedBy"/>): a resident books
    /// for themself or for a member whose family lists them (else 403), staff of the session's site for anyone.
    /// </summary>
    Task<Outcome<BookingSnapshot>> Book(BookingRequest request, Actor actor, IdempotencyKey? idempotencyKey = null);

    /// <summary>One booking: its member, their family, staff of the session's site.</summary>
    Task<Outcome<BookingSnapshot>> GetBooking(string bookingId, Actor actor);

    /// <summary>All bookings of the session (staff of its site): seats in arrival order, then the waitlist in order, then the rest.</summary>
    Task<Outcome<IReadOnlyList<BookingSnapshot>>> ListBookings(Actor actor);

    /// <summary>
    /// Cancels a confirmed or waitlisted booking (its member, their family, staff of the session's site);
    /// cancelling a cancelled one answers the same again.
    /// </summary>
    Task<Outcome<BookingSnapshot>> CancelBooking(string bookingId, Actor actor, IdempotencyKey? idempotencyKey = null);

    /// <summary>
    /// Checks a booking in: staff of the session's site or its site device (kiosk), never a resident. A kiosk sending a
    /// queued scan names when it was made (<paramref name="scannedAt"/>, never later than now): the check-in window is
    /// judged at that time (the caller bounds how old it may be).
    /// </summary>
    Task<Outcome<BookingSnapshot>> CheckIn(string bookingId, Actor actor, IdempotencyKey? idempotencyKey = null, DateTimeOffset? scannedAt = null);

    /// <summary>Cancels the session and every booking in it (staff of its site).</summary>
    Task<Outcome<SessionSnapshot>> Cancel(Actor actor, IdempotencyKey? idempotencyKey = null);

    /// <summary>A member asks what became of a hold it granted for <paramref name="bookingId"/>.</summary>
    Task<HoldResolution> ResolveHold(string bookingId);
#if OCCUPANCY_UPGRADE_DRILL

    /// <summary>The upgrade drill's added method (version 1): the stored shape this activation read.</summary>
    Task<SessionStoredShape> GetStoredShape();
#endif
}
