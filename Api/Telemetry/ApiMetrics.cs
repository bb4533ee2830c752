using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Occupancy.Api.Live;
using Occupancy.Grains.Live;
using Occupancy.Grains.Telemetry;

namespace Occupancy.Api.Telemetry;

/// <summary>
/// The Api node's instruments on the project's meter: problems answered by code, push latency (the change's time,
/// which every snapshot carries as updatedAt, to the push handed to the node's sockets), and this node's watchers
/// and topics. Labels are codes, statuses and topic kinds only.
/// </summary>
internal sealed class ApiMetrics
{
    private static readonly double[] PushSeconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>The topics' kinds (the part before ':'); the id after it never becomes a label.</summary>
    private static readonly HashSet<string> TopicKinds = ["facility", "canteen", "site", "session", "member"];

    private readonly Counter<long> _problems;
    private readonly Histogram<double> _pushLatency;

    public ApiMetrics(IMeterFactory meters, IServiceProvider services)
    {
        var meter = meters.Create(OccupancyMetrics.MeterName);
        _problems = meter.CreateCounter<long>("occupancy.problems", "{problem}",
            "Problem answers (application/problem+json) by the contract's code and HTTP status.");
        _pushLatency = meter.CreateHistogram("occupancy.push.latency", "s",
            "From a change (its snapshot's updatedAt, stamped by the grain) to its push handed to this node's sockets, by topic kind.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = PushSeconds });
        meter.CreateObservableGauge("occupancy.live.watchers", () => services.GetRequiredService<LiveRelay>().WatcherCount, "{connection}",
            "Hub connections on this node watching at least one topic.");
        meter.CreateObservableGauge("occupancy.live.topics", () => services.GetRequiredService<LiveRelay>().TopicCount, "{topic}",
            "Topics this node watches (one subscription each, whatever the number of local watchers).");
    }

    public void Problem(int status, object? code) =>
        _problems.Add(1, new KeyValuePair<string, object?>("code", KnownProblemCodes.LabelOf(code as string)),
            new KeyValuePair<string, object?>("status", status));

    public void Pushed(string topic, IVersionedSnapshot snapshot, DateTimeOffset now)
    {
        var kind = topic.Split(':', 2)[0];
        _pushLatency.Record(Math.Max(0, (now - snapshot.UpdatedAt).TotalSeconds),
            new KeyValuePair<string, object?>("topic_kind", TopicKinds.Contains(kind) ? kind : "other"));
    }
}
