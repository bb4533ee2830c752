using System.Globalization;
using Occupancy.Grains.Catalog;
using Occupancy.Grains.Members;

namespace Occupancy.Grains.Sessions;

/// <summary>
/// A weekly timetable of one site: a session on each listed day at each local start time, at a facility or a
/// canteen. Sessions are named <c>{id}-{yyyyMMdd}-{HHmm}</c> in local time (e.g. fuming-yoga-20261130-1900).
/// </summary>
[GenerateSerializer, Immutable, Alias("SessionSchedule")]
public sealed record SessionSchedule(
    [property: Id(0)] string Id,
    [property: Id(1)] string FacilityId,
    [property: Id(2)] string Title,
    [property: Id(3)] string? TitleEn,
    [property: Id(4)] BookingCategory Category,
    [property: Id(5)] string? Place,
    [property: Id(6)] IReadOnlyList<string> Days,
    [property: Id(7)] IReadOnlyList<string> Times,
    [property: Id(8)] int DurationMinutes,
    [property: Id(9)] int Capacity,
    [property: Id(10)] int WaitlistCapacity,
    [property: Id(11)] int BookingOpensDaysBefore,
    [property: Id(12)] int BookingClosesMinutesBefore,
    [property: Id(13)] int CancelFreeMinutesBefore,
    [property: Id(14)] Eligibility Eligibility)
{
    /// <summary>Leaves room for "-yyyyMMdd-HHmm" within the 64 characters of an id.</summary>
    public const int MaxIdLength = 50;

    public static SessionSchedule FromCatalog(CatalogSchedule s) => new(
        s.Id, s.FacilityId ?? s.CanteenId ?? "", s.Title, s.TitleEn, Enum.Parse<BookingCategory>(s.Category, ignoreCase: true), s.Place,
        s.Days, s.Times, s.DurationMinutes, s.Capacity, s.WaitlistCapacity, s.BookingOpensDaysBefore, s.BookingClosesMinutesBefore,
        s.CancelFreeMinutesBefore,
        new Eligibility(s.Eligibility.AgeGroups.Select(g => Enum.Parse<AgeGroup>(g, ignoreCase: true)).ToArray(),
            s.Eligibility.AnnualCardRequired, s.Eligibility.ResidentsOnly));

    public Problem? Validate()
    {
        if (!Ids.IsValid(Id) || Id.Length > MaxIdLength) return Problem.Invalid("id", $"A schedule id is a valid id of at most {MaxIdLength} characters.");
        if (!Ids.IsValid(FacilityId)) return Problem.Invalid("facilityId", $"Schedule '{Id}' needs a facilityId or canteenId.");
        if (Days is null || Days.Count == 0 || Days.Any(d => !DailyHours.Days.Contains(d))) return Problem.Invalid("days", $"Schedule '{Id}' lists days mon … sun.");
        if (Times is null || Times.Count is 0 or > 48 || Times.Any(t => DailyHours.Minutes(t) is < 0 or >= 1440))
            return Problem.Invalid("times", $"Schedule '{Id}' lists 1 to 48 start times HH:mm.");
        if (BookingOpensDaysBefore is < 0 or > 60 || BookingClosesMinutesBefore < 0 || BookingOpensDaysBefore * 1440 <= BookingClosesMinutesBefore)
            return Problem.Invalid("bookingOpensDaysBefore", $"Schedule '{Id}' must open booking before it closes.");
        if (CancelFreeMinutesBefore < 0) return Problem.Invalid("cancelFreeMinutesBefore", $"Schedule '{Id}' needs cancelFreeMinutesBefore of 0 or more.");
        return Definition(new DateOnly(2026, 1, 5), Times[0], TimeZoneInfo.Utc, "validation").Validate();
    }

    public bool RunsOn(DateOnly date) => Days.Contains(DailyHours.Days[(int)date.DayOfWeek]);

    public string SessionId(DateOnly date, string time) => $"{Id}-{date:yyyyMMdd}-{time.Replace(":", "", StringComparison.Ordinal)}";

    /// <summary>The session of one local date and start time, in the site's time zone.</summary>
    public SessionDefinition Definition(DateOnly date, string time, TimeZoneInfo zone, string siteId)
    {
        var local = date.ToDateTime(TimeOnly.ParseExact(time, "HH:mm", CultureInfo.InvariantCulture));
        // A local time skipped by a daylight-saving jump happens at the jump.
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(1);
        var starts = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
        return new SessionDefinition(siteId, FacilityId, Title, Category, starts, starts.AddMinutes(DurationMinutes), Capacity,
            starts.AddDays(-BookingOpensDaysBefore), starts.AddMinutes(-BookingClosesMinutesBefore), starts.AddMinutes(-CancelFreeMinutesBefore),
            WaitlistCapacity, TitleEn, Place, Eligibility);
    }
}
