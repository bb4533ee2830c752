namespace Occupancy.Bench.Chaos;

/// <summary>One HTTP attempt: when it was sent and answered, and whether it failed for want of the system (5xx, timeout, no connection).</summary>
internal readonly record struct RequestSample(string SessionId, TimeSpan Sent, TimeSpan Done, bool Failed, bool Probe);
