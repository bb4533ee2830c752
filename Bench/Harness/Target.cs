namespace Occupancy.Bench.Harness;

/// <summary>
/// One target of the form "ours ≤ limit × reference" (or ≥ for rates), computed from medians of the same run.
/// </summary>
internal sealed record Target(string Name, Measured Ours, string OurFigure, Measured Reference, string ReferenceFigure, double Limit, string? Why = null)
{
    public double Ratio => Ours.Median(OurFigure) / Reference.Median(ReferenceFigure);

    public bool HigherIsBetter => Ours.Repetitions.SelectMany(r => r).First(f => f.Name == OurFigure).HigherIsBetter;

    public bool Met => HigherIsBetter ? Ratio >= Limit : Ratio <= Limit;

    public string Comparison => HigherIsBetter ? "≥" : "≤";
}
