namespace Occupancy.Grains.Sessions;

/// <summary>Booking rules and retention, set in the silo's configuration section "Booking".</summary>
public sealed class BookingOptions
{
    /// <summary>Check-in opens this long before a session starts.</summary>
    public TimeSpan CheckInOpensBefore { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A confirmed booking not checked in this long after the start is released as a no-show (a session may set its own).</summary>
    public int NoShowAfterMinutes { get; set; } = 15;

    /// <summary>
    /// A kiosk that lost the Api queues its scans and sends them later with the time they were made; the session
    /// honours a scan made before the no-show time that arrives up to this late, so it waits this long after the
    /// no-show time before releasing a confirmed booking as a no-show (the silo's appsettings: 5 minutes, as the
    /// Api's <c>Checkin:ScanMaxAge</c>). 0 releases at the no-show time itself.
    /// </summary>
    public TimeSpan LateScanWindow { get; set; } = TimeSpan.Zero;

    /// <summary>At most this many upcoming confirmed or waitlisted bookings per member and category.</summary>
    public int MaxUpcomingPerCategory { get; set; } = 5;

    /// <summary>This many no-shows within <see cref="NoShowWindow"/> block a member from booking for <see cref="BlockFor"/>.</summary>
    public int NoShowsBeforeBlock { get; set; } = 3;

    public TimeSpan NoShowWindow { get; set; } = TimeSpan.FromDays(90);

    public TimeSpan BlockFor { get; set; } = TimeSpan.FromDays(14);

    /// <summary>A member asks the session about a hold older than this (the session normally settles it at once).</summary>
    public TimeSpan HoldCheckAfter { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>A hold whose session cannot be asked is dropped after this long, so holds never pile up.</summary>
    public TimeSpan HoldMaxAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The session's deadline reminder (no-show release, closing, expiry) ticks this often, and is first due at the
    /// next deadline or after one period, whichever is sooner. Orleans allows no period under a minute by default.
    /// </summary>
    public TimeSpan DeadlineReminderPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Outbox redelivery backs off from the first to the last delay.</summary>
    public TimeSpan OutboxRetryFirst { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan OutboxRetryMax { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A waiter whose member refuses promotion for now is asked again after this, doubling up to <see cref="PromotionRetryMax"/> …</summary>
    public TimeSpan PromotionRetryFirst { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan PromotionRetryMax { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>… and keeps the free seat this long; then it is offered to the next in line (the waiter stays first for the next seat).</summary>
    public TimeSpan PromotionPatience { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// While changes wait for their members, a reminder due this soon is registered before the change is written,
    /// so a silo that dies right after answering leaves something that brings the session back to deliver them.
    /// </summary>
    public TimeSpan OutboxReminderDue { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Answered requests are replayable this long (the contract says at least 24 hours) …</summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromHours(25);

    /// <summary>
    /// … and at most this many per entity, oldest forgotten first: a bound on the state (the table store holds
    /// about 960 KB per grain), reached only by a session with far more requests than a community class gets.
    /// </summary>
    public int IdempotencyMaxEntries { get; set; } = 1000;

    /// <summary>Cancelled and expired bookings a session keeps for look-ups (active ones are bounded by capacities).</summary>
    public int EndedBookingsKept { get; set; } = 300;

    /// <summary>A member's past bookings are kept up to this many and this long.</summary>
    public int MemberHistoryMax { get; set; } = 200;

    public TimeSpan MemberHistoryAge { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Weekly schedules keep at least this many days of sessions created ahead (today included).</summary>
    public int RollingDays { get; set; } = 7;

    public LedgerRetention Retention => new(IdempotencyRetention, IdempotencyMaxEntries);
}
