using System.Diagnostics.Metrics;
using Occupancy.Grains.Sessions;

namespace Occupancy.Grains.Telemetry;

/// <summary>
/// The silo's instruments on the project's meter (<see cref="MeterName"/>). Labels are low-cardinality domain values
/// only (outcome, code, kind, state name, and the public ids of sites and places): never a member, phone, PIN or token.
/// Recording costs next to nothing while no exporter listens (Telemetry:Enabled=false).
/// </summary>
public sealed class OccupancyMetrics
{
    public const string MeterName = "Occupancy";

    private static readonly double[] WriteSeconds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
    private static readonly long[] BatchSizes = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];

    private readonly Counter<long> _bookings;
    private readonly Histogram<double> _writeDuration;
    private readonly Counter<long> _writeFailures;
    private readonly Counter<long> _reads;
    private readonly Histogram<long> _batchSize;

    public OccupancyMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _bookings = meter.CreateCounter<long>("occupancy.bookings", "{booking}",
            "Booking requests answered by the sessions, by outcome: confirmed, waitlisted, or the problem code that refused it.");
        _writeDuration = meter.CreateHistogram("occupancy.storage.write.duration", "s",
            "Time a grain state write took in the store, by state name and outcome (ok or failed).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = WriteSeconds });
        _writeFailures = meter.CreateCounter<long>("occupancy.storage.write.failures", "{write}",
            "Grain state writes the store did not confirm, by state name.");
        _reads = meter.CreateCounter<long>("occupancy.storage.reads", "{read}",
            "Grain state reads from the store (one per activation, and a read-back after a write whose outcome was unknown), by state name.");
        _batchSize = meter.CreateHistogram("occupancy.group_commit.batch_size", "{request}",
            "Requests answered by one group-commit write, by grain type.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = BatchSizes });
        Places = new PlaceGauges(meter);
    }

    /// <summary>Occupancy, capacity and level of every place active on this silo.</summary>
    public PlaceGauges Places { get; }

    public void Booked(BookingStatus status) =>
        _bookings.Add(1, new KeyValuePair<string, object?>("outcome", status == BookingStatus.Waitlisted ? "waitlisted" : "confirmed"));

    public void BookingRefused(Problem problem) =>
        _bookings.Add(1, new KeyValuePair<string, object?>("outcome", KnownProblemCodes.LabelOf(problem.Code)));

    public void StorageRead(string stateName) => _reads.Add(1, new KeyValuePair<string, object?>("state", stateName));

    public void StorageWritten(string stateName, TimeSpan took, bool succeeded)
    {
        var state = new KeyValuePair<string, object?>("state", stateName);
        _writeDuration.Record(took.TotalSeconds, state, new KeyValuePair<string, object?>("outcome", succeeded ? "ok" : "failed"));
        if (!succeeded) _writeFailures.Add(1, state);
    }

    public void GroupCommitted(string grainType, int requests) =>
        _batchSize.Record(requests, new KeyValuePair<string, object?>("grain", grainType));
}
