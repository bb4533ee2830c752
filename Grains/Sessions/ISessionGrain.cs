using Occupancy.Grains.Live;
using Occupancy.Grains.Members;

namespace Occupancy.Grains.Sessions;

/// <summary>
/// One bookable session (a class, course, court slot or meal sitting): its seats, its fair waitlist and every
/// booking in it. The source of truth for its bookings; members' lists follow it through a durable outbox.
/// </summary>
public interface ISessionGrain : IWatchable
{
    Task<SessionSnapshot?> Get();

    Task<Outcome<DefinitionResult<SessionSnapshot>>> Define(SessionDefinition definition);

    /// <summary>Creates the session only if it was never defined: generated sessions never overwrite an administrator.</summary>
    Task<bool> DefineIfAbsent(SessionDefinition definition);

    /// <summary>Books a seat (confirmed) or a waitlist place (waitlisted), or answers the rule that refused it.</summary>
    Task<Outcome<BookingSnapshot>> Book(BookingRequest request, IdempotencyKey? idempotencyKey = null);

    Task<BookingSnapshot?> GetBooking(string bookingId);

    /// <summary>All bookings of the session (staff view): seats in arrival order, then the waitlist in order, then the rest.</summary>
    Task<IReadOnlyList<BookingSnapshot>?> ListBookings();

    /// <summary>
    /// Cancels a confirmed or waitlisted booking; cancelling a cancelled one answers the same again.
    /// <paramref name="actor"/> is the member, a family member, "staff", or null when the caller is not known.
    /// </summary>
    Task<Outcome<BookingSnapshot>> CancelBooking(string bookingId, string? actor, IdempotencyKey? idempotencyKey = null);

    Task<Outcome<BookingSnapshot>> CheckIn(string bookingId, IdempotencyKey? idempotencyKey = null);

    /// <summary>Cancels the session and every booking in it.</summary>
    Task<Outcome<SessionSnapshot>> Cancel(IdempotencyKey? idempotencyKey = null);

    /// <summary>A member asks what became of a hold it granted for <paramref name="bookingId"/>.</summary>
    Task<HoldResolution> ResolveHold(string bookingId);
}
