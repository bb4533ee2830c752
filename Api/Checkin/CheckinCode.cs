namespace Occupancy.Api.Checkin;

/// <summary>What a QR code says, once its signature is checked: a booking (session, booking, member) or a member, and until when.</summary>
public sealed record CheckinCode(CheckinCodeKind Kind, string MemberId, DateTimeOffset ExpiresAt, string? SessionId = null, string? BookingId = null)
{
    public static CheckinCode ForBooking(string sessionId, string bookingId, string memberId, DateTimeOffset expiresAt) =>
        new(CheckinCodeKind.Booking, memberId, expiresAt, sessionId, bookingId);

    public static CheckinCode ForMember(string memberId, DateTimeOffset expiresAt) => new(CheckinCodeKind.Member, memberId, expiresAt);
}

public enum CheckinCodeKind
{
    Booking,
    Member,
}

/// <summary>A token read: valid, valid but expired, or not ours (bad shape, bad signature).</summary>
public enum CodeVerdict
{
    Valid,
    Expired,
    Invalid,
}
