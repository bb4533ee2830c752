namespace Occupancy.Grains.Sessions;

/// <summary>
/// A request to book a place for <see cref="MemberId"/>. <see cref="BookedBy"/> is who acts: the member
/// (the default), a family member the member named, or "staff" (the no-smartphone path).
/// </summary>
[GenerateSerializer, Immutable, Alias("BookingRequest")]
public sealed record BookingRequest([property: Id(0)] string MemberId, [property: Id(1)] string? BookedBy = null)
{
    public const string Staff = "staff";

    public string Actor => BookedBy ?? MemberId;

    public Problem? Validate()
    {
        if (!Ids.IsValid(MemberId)) return new Problem(ProblemCodes.InvalidId, "memberId is not a valid id.", new Dictionary<string, string[]> { ["memberId"] = ["Not a valid id."] });
        if (BookedBy is not null && !Ids.IsValid(BookedBy)) return new Problem(ProblemCodes.InvalidId, "bookedBy is not a valid id.", new Dictionary<string, string[]> { ["bookedBy"] = ["Not a valid id."] });
        return null;
    }
}
