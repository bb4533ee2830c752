namespace Occupancy.Grains.Notices;

/// <summary>When booking notices are due, set in the silo's configuration section "BookingNotices".</summary>
public sealed class BookingNoticeOptions
{
    /// <summary>A session starting before this local time of day is a morning one: reminded the evening before.</summary>
    public TimeSpan MorningEndsAt { get; set; } = TimeSpan.FromHours(12);

    /// <summary>The local time of day, on the day before, a morning session's reminder is due.</summary>
    public TimeSpan EveningBeforeAt { get; set; } = TimeSpan.FromHours(19);

    /// <summary>Any other session is reminded this long before its start.</summary>
    public TimeSpan RemindBefore { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A cancellation this close to the start (or closer) is urgent: quiet hours do not hold it back.</summary>
    public TimeSpan UrgentWithin { get; set; } = TimeSpan.FromHours(2);
}
