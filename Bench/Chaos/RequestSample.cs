namespace Occupancy.Bench.Chaos;

/// <summary>
/// One HTTP attempt: when it was sent and answered, whether it failed for want of the system (5xx, timeout, no
/// connection), the HTTP status (0 when no answer came) and the problem's code.
/// </summary>
internal readonly record struct RequestSample(string SessionId, TimeSpan Sent, TimeSpan Done, bool Failed, bool Probe, int Status = 0, string? Code = null);
