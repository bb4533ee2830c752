using System.Collections;
using System.Diagnostics;

namespace Occupancy.Api.Tests.Telemetry;

/// <summary>
/// The spans the in-memory exporters of several hosts wrote, safe to read while they write (the exporters run on
/// whichever thread ends a span). A span seen by two hosts' providers (they share a process here) is kept once.
/// </summary>
internal sealed class ExportedSpans : ICollection<Activity>
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(ActivityTraceId, ActivitySpanId), Activity> _spans = [];

    public Activity[] InTrace(ActivityTraceId trace)
    {
        lock (_lock) return _spans.Values.Where(s => s.TraceId == trace).ToArray();
    }

    public Activity[] All()
    {
        lock (_lock) return _spans.Values.ToArray();
    }

    public void Add(Activity item)
    {
        lock (_lock) _spans.TryAdd((item.TraceId, item.SpanId), item);
    }

    public int Count
    {
        get { lock (_lock) return _spans.Count; }
    }

    public bool IsReadOnly => false;

    public void Clear()
    {
        lock (_lock) _spans.Clear();
    }

    public bool Contains(Activity item)
    {
        lock (_lock) return _spans.ContainsKey((item.TraceId, item.SpanId));
    }

    public void CopyTo(Activity[] array, int arrayIndex) => All().CopyTo(array, arrayIndex);

    public bool Remove(Activity item)
    {
        lock (_lock) return _spans.Remove((item.TraceId, item.SpanId));
    }

    public IEnumerator<Activity> GetEnumerator() => ((IEnumerable<Activity>)All()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
