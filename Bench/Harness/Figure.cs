namespace Occupancy.Bench.Harness;

/// <summary>One number one repetition of a scenario measured, e.g. ("p99", 412.5, "ms").</summary>
internal sealed record Figure(string Name, double Value, string Unit)
{
    /// <summary>Whether a larger value is better (rates) or worse (latencies, memory); decides how ratios read.</summary>
    public bool HigherIsBetter => Unit.EndsWith("/s", StringComparison.Ordinal) || Unit == "%";
}
