using Occupancy.Grains;
using Occupancy.Grains.Cards;
using Occupancy.Grains.Checkin;

namespace Occupancy.Api.Checkin;

/// <summary>
/// Turns a scan body into the scan the site's desk decides, or the problem with its shape: exactly one of a code or a
/// card with PIN; a code signed with the check-in key (an expired one is still told to the kiosk as expired); a
/// <c>scannedAt</c> at most <see cref="CheckinOptions.ScanMaxAge"/> old and not ahead of the Api's clock by more than the skew.
/// </summary>
public static class ScanReading
{
    public static (Scan? Scan, Problem? Problem) Read(ScanBody body, CheckinCodes codes, CheckinOptions options, DateTimeOffset now)
    {
        if (body.Code is null == (body.CardNumber is null && body.Pin is null))
            return (null, Problem.Invalid("code", "Send either code (a QR code's text) or cardNumber with pin."));
        if (body.CanteenId is not null && !Ids.IsValid(body.CanteenId)) return (null, Problem.InvalidId("canteenId"));
        if (body.ScannedAt is { } at)
        {
            if (at < now - options.ScanMaxAge)
                return (null, Problem.Invalid("scannedAt", $"scannedAt is more than {options.ScanMaxAge.TotalMinutes:0} minutes old: a scan queued this long is not honoured; scan again."));
            if (at > now + options.ClockSkew) return (null, Problem.Invalid("scannedAt", "scannedAt is later than now: set the kiosk's clock."));
        }
        if (body.Code is not null)
        {
            var (verdict, code) = codes.Read(body.Code, now);
            if (verdict == CodeVerdict.Invalid) return (null, Problem.Invalid("code", "code is not a check-in code of this system (or it was altered)."));
            if (verdict == CodeVerdict.Expired) return (new Scan(ScanKind.ExpiredCode, ScannedAt: body.ScannedAt), null);
            return (code!.Kind == CheckinCodeKind.Booking
                ? new Scan(ScanKind.Booking, code.SessionId, code.BookingId, code.MemberId, CanteenId: body.CanteenId, ScannedAt: body.ScannedAt)
                : new Scan(ScanKind.Member, MemberId: code.MemberId, CanteenId: body.CanteenId, ScannedAt: body.ScannedAt), null);
        }
        if (body.CardNumber is null || !CardNumbers.IsValid(body.CardNumber)) return (null, Problem.Invalid("cardNumber", "cardNumber has 8 digits."));
        if (body.Pin is null || !CardNumbers.IsValidPin(body.Pin)) return (null, Problem.Invalid("pin", "pin has 4 to 8 digits."));
        return (new Scan(ScanKind.Card, CardNumber: body.CardNumber, Pin: body.Pin, CanteenId: body.CanteenId, ScannedAt: body.ScannedAt), null);
    }
}
