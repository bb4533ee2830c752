namespace Occupancy.Grains.Members;

public enum HoldOutcome
{
    /// <summary>The session is still deciding; ask again later.</summary>
    Pending,

    /// <summary>The session has no such booking and is not deciding one: the hold lapses.</summary>
    Unknown,

    /// <summary>The session has the booking: here it is.</summary>
    Booked,
}

/// <summary>A session's answer to a member asking what became of a hold.</summary>
[GenerateSerializer, Immutable, Alias("HoldResolution")]
public sealed record HoldResolution([property: Id(0)] HoldOutcome Outcome, [property: Id(1)] MemberBookingChange? Booking = null);
