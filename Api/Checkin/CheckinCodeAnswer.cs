using System.Text.Json.Serialization;
using Occupancy.Grains.Checkin;

namespace Occupancy.Api.Checkin;

/// <summary>
/// A code to show or print: the signed token, the QR code of it as SVG (for the page) and PNG (base64, for print and
/// other clients), when it expires, and what a slip shows beside it: the member's initial, the card number to type,
/// and for a booking its session.
/// </summary>
public sealed record CheckinCodeAnswer(
    string Token,
    DateTimeOffset ExpiresAt,
    string Svg,
    string Png,
    string MemberId,
    string? Initial,
    string? CardNumber,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SiteId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SessionId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BookingId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Title,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TitleEn,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? StartsAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? EndsAt)
{
    public static CheckinCodeAnswer Of(string token, DateTimeOffset expiresAt, CheckinPass pass) =>
        new(token, expiresAt, QrImages.Svg(token), Convert.ToBase64String(QrImages.Png(token)), pass.MemberId, pass.Initial, pass.CardNumber,
            pass.SiteId, pass.SessionId, pass.BookingId, pass.Title, pass.TitleEn, pass.StartsAt, pass.EndsAt);
}
