namespace Occupancy.Grains.Sessions;

/// <summary>Why a booking was cancelled: the member's own cancellation is told to nobody, any other cause to the member.</summary>
public enum CancellationCause
{
    /// <summary>The member, or family on their behalf.</summary>
    Member,

    /// <summary>Staff of the site (or an administrator) cancelled this one booking.</summary>
    Staff,

    /// <summary>The whole session was cancelled.</summary>
    Session,

    /// <summary>The session was redefined (time, category, eligibility) and the member's rules refused it for good.</summary>
    SessionChanged,

    /// <summary>A waitlisted booking whose member could not take the seat offered (blocked, ineligible, overlapping).</summary>
    NotPromoted,
}
