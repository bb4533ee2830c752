namespace Occupancy.Grains;

/// <summary>
/// The clock the domain reads (opening hours, booking windows, no-show deadlines). It is its own service
/// so tests can move it without touching the TimeProvider Orleans uses for membership and timeouts.
/// </summary>
public sealed class DomainClock(TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    public DateTimeOffset UtcNow => Time.GetUtcNow();

    /// <summary>
    /// The real clock moved by <paramref name="offset"/>: a whole system run at another hour of the day (a browser test
    /// that needs places open, a demo shown in the evening), while Orleans, tokens and the store keep real time.
    /// </summary>
    public static DomainClock Shifted(TimeSpan offset) => new(offset == TimeSpan.Zero ? TimeProvider.System : new ShiftedTime(offset));

    private sealed class ShiftedTime(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}
