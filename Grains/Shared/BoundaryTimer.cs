namespace Occupancy.Grains;

/// <summary>
/// Wakes a grain at the next instant its clock-driven state changes (opening, closing, a window opening).
/// Capped at an hour, so a domain clock that was moved by hand is noticed within the hour anyway.
/// </summary>
internal sealed class BoundaryTimer(IGrainBase grain)
{
    private IGrainTimer? _timer;

    public void Schedule(DateTimeOffset? next, DateTimeOffset now, Func<Task> callback)
    {
        _timer?.Dispose();
        _timer = null;
        if (next is null) return;
        var due = TimeSpan.FromTicks(Math.Clamp((next.Value - now).Ticks, TimeSpan.FromMilliseconds(10).Ticks, TimeSpan.FromHours(1).Ticks));
        _timer = grain.RegisterGrainTimer(callback, due, Timeout.InfiniteTimeSpan);
    }
}
