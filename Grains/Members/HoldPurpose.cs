namespace Occupancy.Grains.Members;

/// <summary>What a session asks a member to hold a place in the member's plans for.</summary>
public enum HoldPurpose
{
    /// <summary>A new booking that will be confirmed: all member-side rules apply.</summary>
    Confirm,

    /// <summary>A new booking that will wait: no overlap check (only confirmed bookings may not overlap).</summary>
    Waitlist,

    /// <summary>A waitlisted booking about to be promoted: eligibility, overlap and block (it already counts toward caps).</summary>
    Promote,

    /// <summary>A confirmed booking whose session changed times, category or eligibility: eligibility, overlap and caps, never a block.</summary>
    RecheckSeat,

    /// <summary>A waitlisted booking whose session changed: eligibility and caps (no overlap: only confirmed bookings may not overlap).</summary>
    RecheckWaitlisted,
}
