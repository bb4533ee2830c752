using System.Diagnostics;

namespace Occupancy.Grains.Telemetry;

/// <summary>
/// The spans of one grain's group commit. Each request that queues a change leaves its span's context here; the write
/// that carries those changes gets a span of its own, linked to every one of them, and a child of the first (so the
/// trace of a request alone runs on into Orleans' storage call and the Azure SDK's request beneath the write). When
/// nothing listens, it costs a check per change.
/// </summary>
internal sealed class GroupCommitTrace(IGrainBase grain)
{
    private object? _batch;
    private List<ActivityContext>? _queued;

    /// <summary>
    /// A change joined <paramref name="batch"/>, the next write: remember who asked (the grain call's span, current in its
    /// turn). A batch failed before it was written (its requests answered storage-unavailable) is forgotten here when
    /// the next one starts queueing.
    /// </summary>
    public void Queued(object batch)
    {
        if (!OccupancyActivities.Source.HasListeners() || Activity.Current is not { } caller) return;
        if (!ReferenceEquals(batch, _batch)) (_batch, _queued) = (batch, null);
        var queued = _queued ??= [];
        // A request may commit twice in one write (a change and its ledger); it is carried once.
        if (!queued.Exists(c => c.SpanId == caller.SpanId)) queued.Add(caller.Context);
    }

    /// <summary>
    /// Starts the span of the write that carries <paramref name="batch"/>, or none when nothing listens. The caller
    /// disposes it once the write and whatever follows it (read-back) are done.
    /// </summary>
    public Activity? StartWrite(object batch)
    {
        var carried = ReferenceEquals(batch, _batch) ? _queued : null;
        (_batch, _queued) = (null, null);
        if (!OccupancyActivities.Source.HasListeners()) return null;
        // The write loop runs in the flow of the request that started it, whose span may have ended long ago: a write
        // carrying no request is a trace of its own, not a late child of that one.
        Activity.Current = null;
        var links = carried?.Select(c => new ActivityLink(c));
        var activity = OccupancyActivities.Source.StartActivity(
            OccupancyActivities.GroupCommitWrite, ActivityKind.Internal, carried is { Count: > 0 } ? carried[0] : default, links: links);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(OccupancyActivities.CarriedRequests, carried?.Count ?? 0);
            activity.SetTag("orleans.grain.id", TracePrivacy.GrainId(grain.GrainContext.GrainId.ToString()));
        }
        return activity;
    }

    /// <summary>The write failed: every request it carried is answered storage-unavailable.</summary>
    public static void Failed(Activity? write) => write?.SetStatus(ActivityStatusCode.Error, ProblemCodes.StorageUnavailable);
}
