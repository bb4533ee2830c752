namespace Occupancy.Grains.Sessions;

/// <summary>
/// A request to book a place for <see cref="MemberId"/>. Who books is the signed-in actor, never the body:
/// <see cref="BookedBy"/> is accepted for compatibility with older clients and ignored (the booking's
/// <c>bookedBy</c> is the resident's member id, or "staff").
/// </summary>
[GenerateSerializer, Immutable, Alias("BookingRequest")]
public sealed record BookingRequest([property: Id(0)] string MemberId, [property: Id(1)] string? BookedBy = null)
{
    /// <summary>How a booking made by staff (or the system) names who booked it.</summary>
    public const string Staff = "staff";

    public Problem? Validate() =>
        Ids.IsValid(MemberId) ? null : new Problem(ProblemCodes.InvalidId, "memberId is not a valid id.", new Dictionary<string, string[]> { ["memberId"] = ["Not a valid id."] });
}
