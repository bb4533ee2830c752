using System.Globalization;

namespace Occupancy.Grains.Stats;

/// <summary>Local dates as the contract writes them (YYYY-MM-DD) and "today" in a site's time zone.</summary>
public static class LocalDates
{
    public static bool TryParse(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static TimeZoneInfo Zone(string? timeZone) => DailyHours.FindZone(timeZone) ?? TimeZoneInfo.Utc;

    public static DateTime Local(DateTimeOffset instant, string? timeZone) => TimeZoneInfo.ConvertTime(instant, Zone(timeZone)).DateTime;

    public static DateOnly DateOf(DateTimeOffset instant, string? timeZone) => DateOnly.FromDateTime(Local(instant, timeZone));
}
