using System.Globalization;

namespace Occupancy.Grains.Checkin;

/// <summary>The one letter of a name a kiosk may show: 杨根有 → 杨, "mary smith" → M. Never more.</summary>
public static class NameInitial
{
    public static string? Of(string? name)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed)) return null;
        return StringInfo.GetNextTextElement(trimmed).ToUpperInvariant();
    }
}
