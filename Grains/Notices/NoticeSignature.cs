using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Occupancy.Grains.Notices;

/// <summary>
/// The webhook's signature: <c>X-Occupancy-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>, where hex is
/// HMAC-SHA256 with the shared secret over <c>t + "." + body</c> (the body's exact bytes as UTF-8). The timestamp lets
/// a receiver refuse old replays; the delivery id in the body lets it apply each delivery once.
/// </summary>
public static class NoticeSignature
{
    public const string Header = "X-Occupancy-Signature";

    /// <summary>The header also carrying the delivery id, so a receiver can deduplicate before reading the body.</summary>
    public const string DeliveryHeader = "X-Occupancy-Delivery";

    public static string Sign(string secret, long unixSeconds, string body)
    {
        var t = unixSeconds.ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={Hex(secret, t, body)}";
    }

    /// <summary>Whether <paramref name="header"/> signs <paramref name="body"/> with <paramref name="secret"/> (constant-time compare).</summary>
    public static bool Verify(string secret, string? header, string body, out long unixSeconds)
    {
        unixSeconds = 0;
        if (header is null) return false;
        string? t = null, v1 = null;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal)) t = part[2..];
            else if (part.StartsWith("v1=", StringComparison.Ordinal)) v1 = part[3..];
        }
        if (t is null || v1 is null || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out unixSeconds)) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hex(secret, t, body)), Encoding.ASCII.GetBytes(v1));
    }

    private static string Hex(string secret, string t, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(t + "." + body)));
}
