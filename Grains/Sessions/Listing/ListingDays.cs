namespace Occupancy.Grains.Sessions.Listing;

/// <summary>
/// Which day listings hold a query's answer before the site's time zone is known, so the finder can ask them beside
/// the site's summary rather than after it. Explicit dates need no zone; the default week starts on the site's local
/// today, which is the UTC date, the day before it or the day after it (zones run from UTC−12 to UTC+14).
/// </summary>
internal static class ListingDays
{
    /// <summary>The first and last day to ask; null when the dates are not a valid range (the finder refuses them).</summary>
    public static (DateOnly First, DateOnly Last)? Covering(SessionQuery query, DateTimeOffset utcNow)
    {
        if (query.From is { } from && query.To is { } to)
            return to < from || to.DayNumber - from.DayNumber + 1 > SessionQuery.MaxDays ? null : (from, to);
        if (query.From is { } start) return (start, Day(start.DayNumber + SessionQuery.DefaultDays - 1));
        if (query.To is { } end) return (Day(end.DayNumber + 1 - SessionQuery.DefaultDays), end);
        var utcToday = DateOnly.FromDateTime(utcNow.UtcDateTime);
        return (Day(utcToday.DayNumber - 1), Day(utcToday.DayNumber + SessionQuery.DefaultDays));
    }

    private static DateOnly Day(int dayNumber) => DateOnly.FromDayNumber(Math.Clamp(dayNumber, 0, DateOnly.MaxValue.DayNumber));
}
