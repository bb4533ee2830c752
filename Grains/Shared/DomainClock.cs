namespace Occupancy.Grains;

/// <summary>
/// The clock the domain reads (opening hours, booking windows, no-show deadlines). It is its own service
/// so tests can move it without touching the TimeProvider Orleans uses for membership and timeouts.
/// </summary>
public sealed class DomainClock(TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    public DateTimeOffset UtcNow => Time.GetUtcNow();
}
