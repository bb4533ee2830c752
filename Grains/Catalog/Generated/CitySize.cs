namespace Occupancy.Grains.Catalog.Generated;

/// <summary>
/// How big a generated city is and which one: the same seed and sizes always give the same catalog. The defaults are
/// the city scale of the benchmarks: 200 complexes, each running 100 sessions a week, and 50,000 registered residents.
/// </summary>
public sealed record CitySize(int Sites = 200, int SessionsPerSite = 100, int Members = 50_000, int Seed = 2026)
{
    /// <summary>Bounded by what one site holds: 200 schedules, 1,000 sessions on one calendar day.</summary>
    public const int MaxSessionsPerSite = 1000;

    public Problem? Validate()
    {
        if (Sites is < 1 or > 10_000) return Problem.Invalid("sites", "A generated city has 1 to 10000 sites.");
        if (SessionsPerSite is < 0 or > MaxSessionsPerSite) return Problem.Invalid("sessionsPerSite", $"A generated site runs 0 to {MaxSessionsPerSite} sessions a week.");
        if (Members is < 0 or > 10_000_000) return Problem.Invalid("members", "A generated city has 0 to 10000000 members.");
        return null;
    }
}
