namespace Occupancy.Bench.Harness;

/// <summary>Where the system under test is and how the run was asked to go; given to every scenario.</summary>
internal sealed record BenchContext
{
    public required Uri Api { get; init; }

    /// <summary>The Azure Table connection string of the system's store (Azurite in scripts/bench.sh).</summary>
    public required string Storage { get; init; }

    public required BenchTokens? Tokens { get; init; }

    public required string DataDir { get; init; }

    public required string RepoRoot { get; init; }

    public required string Configuration { get; init; }

    public int Warmups { get; init; } = 1;

    public int Repetitions { get; init; } = 3;

    /// <summary>The command line's --name value options, for a scenario's own sizes.</summary>
    public required IReadOnlyDictionary<string, string> Options { get; init; }

    public string Option(string name, string fallback) => Options.TryGetValue(name, out var v) && v.Length > 0 ? v : fallback;

    public int Option(string name, int fallback) => int.Parse(Option(name, fallback.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The processes of the system under test and the bench itself, by name, for <see cref="CpuUse"/>.</summary>
    public IReadOnlyDictionary<string, int> Processes { get; init; } = new Dictionary<string, int>();

    public Action<string> Log { get; init; } = line => Console.WriteLine($"[bench] {line}");
}
