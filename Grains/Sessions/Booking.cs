namespace Occupancy.Grains.Sessions;

/// <summary>
/// A booking inside its session's state (the source of truth). Replaced, never mutated, on every change;
/// <see cref="Seq"/> is the arrival order, <see cref="Version"/> the session version of its last change.
/// <see cref="Promoted"/> and <see cref="CancelledBy"/> say how it got where it is, for the notices its member gets.
/// </summary>
[GenerateSerializer, Immutable, Alias("Booking")]
internal sealed record Booking(
    [property: Id(0)] string BookingId,
    [property: Id(1)] string MemberId,
    [property: Id(2)] string BookedBy,
    [property: Id(3)] BookingStatus Status,
    [property: Id(4)] long Seq,
    [property: Id(5)] int? WaitlistPosition,
    [property: Id(6)] bool? Late,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset UpdatedAt,
    [property: Id(9)] long Version,
    [property: Id(10)] bool Promoted = false,
    [property: Id(11)] CancellationCause? CancelledBy = null)
{
    /// <summary>Holds or held a seat or a waitlist place: the member cannot book this session again.</summary>
    public bool IsActive => Status is BookingStatus.Confirmed or BookingStatus.Waitlisted or BookingStatus.CheckedIn or BookingStatus.NoShow;

    public bool HasSeat => Status is BookingStatus.Confirmed or BookingStatus.CheckedIn;

    public bool HasEnded => Status is BookingStatus.Cancelled or BookingStatus.Expired;
}
