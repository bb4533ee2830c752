using Occupancy.Grains.Members;

namespace Occupancy.Grains.Notices;

/// <summary>
/// How a booking is named in a notice, in Chinese and English: the session's title, its place, and its start in the
/// site's local time with the date and weekday (a notice may be read a day later, so never "tomorrow").
/// Written out by hand rather than through culture data, which a trimmed or invariant runtime may lack.
/// </summary>
internal static class NoticeWording
{
    private static readonly string[] WeekdaysZh = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];
    private static readonly string[] WeekdaysEn = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    private static readonly string[] MonthsEn = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    public static TimeZoneInfo Zone(string? timeZone) => DailyHours.FindZone(timeZone) ?? TimeZoneInfo.Utc;

    public static DateTime Local(DateTimeOffset instant, string? timeZone) => TimeZoneInfo.ConvertTime(instant, Zone(timeZone)).DateTime;

    /// <summary>12月3日（周四）09:00</summary>
    public static string WhenZh(DateTimeOffset instant, string? timeZone)
    {
        var t = Local(instant, timeZone);
        return $"{t.Month}月{t.Day}日（{WeekdaysZh[(int)t.DayOfWeek]}）{t:HH\\:mm}";
    }

    /// <summary>Thu 3 Dec, 09:00</summary>
    public static string WhenEn(DateTimeOffset instant, string? timeZone)
    {
        var t = Local(instant, timeZone);
        return $"{WeekdaysEn[(int)t.DayOfWeek]} {t.Day} {MonthsEn[t.Month - 1]}, {t:HH\\:mm}";
    }

    /// <summary>「瑜伽」，12月3日（周四）09:00，地点：二楼活动室</summary>
    public static string SessionZh(MemberBookingChange c) =>
        $"「{c.Title}」，{WhenZh(c.StartsAt, c.TimeZone)}" + (string.IsNullOrWhiteSpace(c.Place) ? "" : $"，地点：{c.Place}");

    /// <summary>"Yoga" on Thu 3 Dec, 09:00, at Room 2</summary>
    public static string SessionEn(MemberBookingChange c) =>
        $"\"{c.TitleEn ?? c.Title}\" on {WhenEn(c.StartsAt, c.TimeZone)}" + (string.IsNullOrWhiteSpace(c.Place) ? "" : $", at {c.Place}");
}
