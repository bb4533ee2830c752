using System.Globalization;

namespace Occupancy.Grains;

/// <summary>
/// Local opening ranges per day of the week in a site's time zone: answers "open at this instant?" and
/// "when does that next change?" so a grain can raise its version exactly at each boundary.
/// </summary>
public sealed class DailyHours
{
    private static readonly string[] DayKeys = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    // Minutes from local midnight, [from, to); to may be 1440 (24:00).
    private readonly (int From, int To)[][] _byDay;
    private readonly TimeZoneInfo _zone;

    private DailyHours((int, int)[][] byDay, TimeZoneInfo zone) => (_byDay, _zone) = (byDay, zone);

    public static string[] Days => DayKeys;

    /// <summary>Open at all hours, for places with no hours set.</summary>
    public static DailyHours Always(TimeZoneInfo zone) =>
        new(Enumerable.Range(0, 7).Select(_ => new[] { (0, 1440) }).ToArray(), zone);

    public static DailyHours Weekly(IReadOnlyDictionary<string, string[][]> hours, TimeZoneInfo zone) =>
        new(DayKeys.Select(day => hours.TryGetValue(day, out var ranges) ? ranges.Select(r => (Minutes(r[0]), Minutes(r[1]))).ToArray() : []).ToArray(), zone);

    public static DailyHours EveryDay(IEnumerable<(string From, string To)> ranges, TimeZoneInfo zone)
    {
        var day = ranges.Select(r => (Minutes(r.From), Minutes(r.To))).ToArray();
        return new(Enumerable.Range(0, 7).Select(_ => day).ToArray(), zone);
    }

    public bool IsOpen(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, _zone);
        var minute = local.Hour * 60 + local.Minute;
        return _byDay[(int)local.DayOfWeek].Any(r => minute >= r.From && minute < r.To);
    }

    /// <summary>The first instant after <paramref name="instant"/> at which a range opens or closes, within eight days.</summary>
    public DateTimeOffset? NextChange(DateTimeOffset instant)
    {
        var today = TimeZoneInfo.ConvertTime(instant, _zone).Date;
        DateTimeOffset? next = null;
        for (var d = -1; d <= 8; d++)
        {
            var date = today.AddDays(d);
            foreach (var (from, to) in _byDay[(int)date.DayOfWeek])
            {
                foreach (var minute in new[] { from, to })
                {
                    var at = ToUtc(date.AddMinutes(minute));
                    if (at > instant && (next is null || at < next)) next = at;
                }
            }
        }
        return next;
    }

    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, _zone).DateTime);

    private DateTimeOffset ToUtc(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // A local time skipped by a daylight-saving jump happens at the jump.
        while (_zone.IsInvalidTime(unspecified)) unspecified = unspecified.AddMinutes(1);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(unspecified, _zone), TimeSpan.Zero);
    }

    /// <summary>Parses "HH:mm" (and "24:00") into minutes from midnight, or -1.</summary>
    public static int Minutes(string? text)
    {
        if (text == "24:00") return 1440;
        return TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? t.Hour * 60 + t.Minute
            : -1;
    }

    /// <summary>Checks one "from–to" range for shape and order.</summary>
    public static bool IsValidRange(string? from, string? to)
    {
        var (f, t) = (Minutes(from), Minutes(to));
        return f >= 0 && f < 1440 && t > f;
    }

    public static TimeZoneInfo? FindZone(string? id)
    {
        // The Try form, not a catch of TimeZoneNotFoundException: on Linux a name such as "Asia" is a directory of the
        // zone database and throws an access or I/O exception instead.
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64) return null;
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
    }
}
