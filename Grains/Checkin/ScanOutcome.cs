namespace Occupancy.Grains.Checkin;

/// <summary>What a kiosk scan came to: the sentence the kiosk says. Only the first four change (or had changed) anything.</summary>
public enum ScanOutcome
{
    /// <summary>The booking is checked in now.</summary>
    CheckedIn,
    /// <summary>It was checked in already: nothing changed.</summary>
    AlreadyCheckedIn,
    /// <summary>The canteen counted the diner for the meal served now.</summary>
    VisitRecorded,
    /// <summary>The diner was counted for this meal already: nothing changed.</summary>
    AlreadyCounted,
    /// <summary>Check-in opens 30 minutes before the start.</summary>
    TooEarly,
    /// <summary>Check-in closed (the no-show time passed before the scan).</summary>
    TooLate,
    /// <summary>The booking was cancelled (or its waitlist place expired).</summary>
    Cancelled,
    /// <summary>The booking is on the waitlist, not a seat.</summary>
    NotConfirmed,
    /// <summary>The code is for another site (or the canteen is not at this site).</summary>
    WrongSite,
    /// <summary>The code's booking does not exist (any more).</summary>
    UnknownBooking,
    /// <summary>A member code or card away from a canteen, and no booking of the member at this site is open for check-in.</summary>
    NoBooking,
    /// <summary>A membership code or card at a canteen that serves no meal now.</summary>
    NoMealNow,
    /// <summary>The code expired (a booking's code ends with its session, a membership code after a year).</summary>
    CodeExpired,
    /// <summary>The card number and PIN do not match.</summary>
    WrongPin,
    /// <summary>Too many wrong PINs: the card is locked for a while.</summary>
    CardLocked,
}
