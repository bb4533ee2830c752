namespace Occupancy.Grains.Notices;

/// <summary>Quiet hours hold back all but urgent notices until they end, on the site's wall clock.</summary>
public static class QuietHours
{
    /// <summary>When the quiet hours around <paramref name="now"/> end, or null when <paramref name="now"/> is not in them.</summary>
    public static DateTimeOffset? EndAfter(DateTimeOffset now, (TimeOnly From, TimeOnly Until)? hours, TimeZoneInfo zone)
    {
        if (hours is not var (from, until)) return null;
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        // From 21:00 to 08:00 spans midnight; from 13:00 to 14:00 does not.
        var inside = from < until ? time >= from && time < until : time >= from || time < until;
        if (!inside) return null;
        var endDate = DateOnly.FromDateTime(local.DateTime);
        if (time >= until) endDate = endDate.AddDays(1);
        var endLocal = endDate.ToDateTime(until);
        // A wall-clock time skipped by a daylight-saving change ends the quiet hours at the first instant after it.
        while (zone.IsInvalidTime(endLocal)) endLocal = endLocal.AddMinutes(1);
        return new DateTimeOffset(endLocal, zone.GetUtcOffset(endLocal));
    }
}
