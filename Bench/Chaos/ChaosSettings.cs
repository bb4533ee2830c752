namespace Occupancy.Bench.Chaos;

/// <summary>The shape of a chaos run. The defaults are the full run of scripts/chaos.sh.</summary>
public sealed record ChaosSettings
{
    public int Silos { get; init; } = 3;

    public int Apis { get; init; } = 2;

    public int Bookers { get; init; } = 1000;

    /// <summary>Sessions the bookers compete for; with the defaults 50 × (8 seats + 6 waitlist) = 700 places for 1,000 bookers.</summary>
    public int Sessions { get; init; } = 50;

    public int Capacity { get; init; } = 8;

    public int Waitlist { get; init; } = 6;

    /// <summary>Sessions a prober books and cancels on, alternately, every <see cref="ProbeEvery"/>: they tell when a killed silo's grains answer again.</summary>
    public int ProbeSessions { get; init; } = 12;

    public TimeSpan ProbeEvery { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A prober waits this long for one answer (then the attempt counts as failed and is repeated at the next tick):
    /// as long as any other client, so a booking answered slowly counts as answered, at the time it was.
    /// </summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public int Kills { get; init; } = 4;

    public TimeSpan FirstKillAfter { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan KillEvery { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The killed silo is started again this long after the kill (never sooner: its new incarnation would evict the old at once and hide the detection time).</summary>
    public TimeSpan RestartAfter { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The load goes on this long after the last kill.</summary>
    public TimeSpan LoadAfterLastKill { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A booker waits between this and twice this before its next request: 1,000 bookers then offer about 22 requests/s
    /// (the probers add 12), most of them writes of several rows; Azurite on two shared cores keeps up with that with
    /// room left for the kills, where 35 requests/s already made its writes time out during restarts.
    /// </summary>
    public TimeSpan Think { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A booker holds at most this many bookings; then it cancels one (with the cap of 5 per category in mind).</summary>
    public int MaxHeld { get; init; } = 3;

    /// <summary>A client gives up waiting for one attempt after this long and retries with the same key.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A client stops retrying this long after its first attempt; the outcome then stays unknown.</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>After the full restart, the checks are repeated until they pass or this passes (members converge through the outbox).</summary>
    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public int Seed { get; init; } = 8;

    /// <summary>The checkout whose Silo, Api and node_modules are run.</summary>
    public required string RepoRoot { get; init; }

    public string Configuration { get; init; } = "Release";

    /// <summary>Azurite's data, logs and the signing key; a fresh temporary folder when null (removed afterwards).</summary>
    public string? DataDir { get; init; }
}
