namespace Occupancy.Bench.Harness;

/// <summary>
/// Every repetition of one variant of a scenario (the system, a floor, the peer), summarised per figure as the
/// median and the range. Warm-up repetitions are not in it.
/// </summary>
internal sealed class Measured(string scenario, string variant, IReadOnlyList<IReadOnlyList<Figure>> repetitions, IReadOnlyList<string> notes)
{
    public string Scenario { get; } = scenario;

    /// <summary>What ran: "Occupancy", "floor: bare Kestrel", "peer: PostgreSQL (synchronous_commit on)" …</summary>
    public string Variant { get; } = variant;

    public IReadOnlyList<IReadOnlyList<Figure>> Repetitions { get; } = repetitions;

    /// <summary>Things a reader must know beside the numbers (correctness checks, errors seen), one line each.</summary>
    public IReadOnlyList<string> Notes { get; } = notes;

    public IEnumerable<string> FigureNames => Repetitions.SelectMany(r => r.Select(f => f.Name)).Distinct();

    public string UnitOf(string figure) => Repetitions.SelectMany(r => r).First(f => f.Name == figure).Unit;

    public double[] Values(string figure) => Repetitions.SelectMany(r => r.Where(f => f.Name == figure).Select(f => f.Value)).ToArray();

    public double Median(string figure)
    {
        var sorted = Values(figure).Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public (double Min, double Max) Range(string figure)
    {
        var values = Values(figure);
        return values.Length == 0 ? (double.NaN, double.NaN) : (values.Min(), values.Max());
    }
}
