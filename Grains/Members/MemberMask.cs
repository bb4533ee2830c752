using System.Globalization;

namespace Occupancy.Grains.Members;

/// <summary>How a profile is shown to staff of another site: enough to recognise someone at the desk, no more.</summary>
public static class MemberMask
{
    /// <summary>The first character and two stars: 杨根有 → 杨**.</summary>
    public static string Name(string name)
    {
        var trimmed = name.Trim();
        return trimmed.Length == 0 ? "**" : StringInfo.GetNextTextElement(trimmed) + "**";
    }

    /// <summary>
    /// A mobile number keeps its first 3 and last 4 digits (13800000000 → 138****0000); a shorter number keeps
    /// only its last 2. A leading + is kept.
    /// </summary>
    public static string? Phone(string? phone)
    {
        if (phone is null) return null;
        var plus = phone.StartsWith('+') ? "+" : "";
        var digits = phone[plus.Length..];
        var (head, tail) = digits.Length >= 11 ? (3, 4) : (0, Math.Min(2, digits.Length));
        return plus + digits[..head] + new string('*', digits.Length - head - tail) + digits[^tail..];
    }
}
