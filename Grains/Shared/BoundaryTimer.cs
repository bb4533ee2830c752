namespace Occupancy.Grains;

/// <summary>
/// Wakes a grain at the next instant its clock-driven state changes (opening, closing, a window opening).
/// Capped at an hour, so a domain clock that was moved by hand is noticed within the hour anyway.
/// Asking again for the boundary already pending keeps its timer: every read asks, and must stay cheap.
/// </summary>
internal sealed class BoundaryTimer(IGrainBase grain)
{
    private IGrainTimer? _timer;
    private DateTimeOffset? _pendingFor;

    public void Schedule(DateTimeOffset? next, DateTimeOffset now, Func<Task> callback)
    {
        if (next is not null && next == _pendingFor) return;
        _timer?.Dispose();
        _timer = null;
        _pendingFor = next;
        if (next is null) return;
        var due = TimeSpan.FromTicks(Math.Clamp((next.Value - now).Ticks, TimeSpan.FromMilliseconds(10).Ticks, TimeSpan.FromHours(1).Ticks));
        _timer = grain.RegisterGrainTimer(() =>
        {
            // Fired: the next request for any boundary, this one included, arms a new timer.
            _pendingFor = null;
            return callback();
        }, due, Timeout.InfiniteTimeSpan);
    }
}
