using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using Occupancy.Grains;

namespace Occupancy.Api.Checkin;

/// <summary>
/// Signs and reads the tokens QR codes carry: <c>OC1.{payload}.{mac}</c>, both base64url, the payload
/// <c>b|session|booking|member|expiry</c> or <c>m|member|expiry</c> (expiry in Unix seconds), the MAC the first 16 bytes
/// of HMAC-SHA256 over <c>OC1.{payload}</c>. Short enough for a small, robust QR code; ids never hold a <c>|</c>.
/// </summary>
public sealed class CheckinCodes(CheckinKey key)
{
    public const string Prefix = "OC1";
    private const int MacBytes = 16;

    public string Sign(CheckinCode code)
    {
        var expires = code.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var payload = code.Kind == CheckinCodeKind.Booking
            ? $"b|{code.SessionId}|{code.BookingId}|{code.MemberId}|{expires}"
            : $"m|{code.MemberId}|{expires}";
        var signed = $"{Prefix}.{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload))}";
        return $"{signed}.{Base64UrlEncoder.Encode(Mac(signed))}";
    }

    /// <summary>The code a token carries and whether it still holds at <paramref name="now"/>; Invalid with null when it is not a code of ours.</summary>
    public (CodeVerdict Verdict, CheckinCode? Code) Read(string? token, DateTimeOffset now)
    {
        if (token is null || token.Length > 512) return (CodeVerdict.Invalid, null);
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != Prefix) return (CodeVerdict.Invalid, null);
        byte[] mac;
        string payload;
        try
        {
            mac = Base64UrlEncoder.DecodeBytes(parts[2]);
            payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1]));
        }
        catch (FormatException)
        {
            return (CodeVerdict.Invalid, null);
        }
        if (mac.Length != MacBytes || !CryptographicOperations.FixedTimeEquals(mac, Mac($"{parts[0]}.{parts[1]}"))) return (CodeVerdict.Invalid, null);
        var code = Parse(payload.Split('|'));
        if (code is null) return (CodeVerdict.Invalid, null);
        return (code.ExpiresAt <= now ? CodeVerdict.Expired : CodeVerdict.Valid, code);
    }

    private static CheckinCode? Parse(string[] f)
    {
        static DateTimeOffset? At(string s) =>
            long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds < 253402300799
                ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
        return f switch
        {
            ["b", var s, var b, var m, var e] when Ids.IsValid(s) && Ids.IsValid(b) && Ids.IsValid(m) && At(e) is { } at => CheckinCode.ForBooking(s, b, m, at),
            ["m", var m, var e] when Ids.IsValid(m) && At(e) is { } at => CheckinCode.ForMember(m, at),
            _ => null,
        };
    }

    private byte[] Mac(string signed) => HMACSHA256.HashData(key.Bytes, Encoding.ASCII.GetBytes(signed))[..MacBytes];
}
