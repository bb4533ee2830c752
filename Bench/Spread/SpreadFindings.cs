namespace Occupancy.Bench.Spread;

/// <summary>What profiling the spread found, for the report beside a missed target.</summary>
internal static class SpreadFindings
{
    public const string WhyMissed = "see the profile note below";
}
