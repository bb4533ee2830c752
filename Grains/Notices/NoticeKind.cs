namespace Occupancy.Grains.Notices;

/// <summary>Why a notice leaves the system.</summary>
public enum NoticeKind
{
    BookingConfirmed,
    Waitlisted,
    Promoted,

    /// <summary>Cancelled by staff, or with its session.</summary>
    Cancelled,

    /// <summary>Before the start: the evening before a morning session, two hours before any other.</summary>
    Reminder,

    /// <summary>Booking blocked after repeated no-shows.</summary>
    NoShowBlock,

    /// <summary>A regular senior did not come to a meal; goes to the family.</summary>
    AbsenceAlert,
}
