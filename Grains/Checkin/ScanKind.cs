namespace Occupancy.Grains.Checkin;

/// <summary>What the kiosk read: a booking's code, a membership code, a card number with its PIN, or a code that expired.</summary>
public enum ScanKind
{
    Booking,
    Member,
    Card,
    ExpiredCode,
}
