using System.Globalization;
using System.Text.RegularExpressions;

namespace Occupancy.Grains.Tests.Telemetry;

/// <summary>A Prometheus text scrape, read the way a scraper reads it: samples by metric name and labels.</summary>
public sealed partial class Scrape(string text)
{
    public string Text { get; } = text;

    public IEnumerable<(IReadOnlyDictionary<string, string> Labels, double Value)> Samples(string metric)
    {
        foreach (var line in Text.Split('\n'))
        {
            if (line.StartsWith('#')) continue;
            var match = Sample().Match(line);
            if (!match.Success || match.Groups["name"].Value != metric) continue;
            var labels = Label().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            yield return (labels, Value(match.Groups["value"].Value));
        }
    }

    /// <summary>The sum of the samples of <paramref name="metric"/> whose labels include all of <paramref name="labels"/>.</summary>
    public double Sum(string metric, params (string Name, string Value)[] labels) =>
        Samples(metric).Where(s => labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value)).Sum(s => s.Value);

    public bool Has(string metric, params (string Name, string Value)[] labels) =>
        Samples(metric).Any(s => labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value));

    /// <summary>Every label value in the scrape.</summary>
    public IEnumerable<string> LabelValues() =>
        Text.Split('\n').Where(l => !l.StartsWith('#')).SelectMany(l => Label().Matches(l).Select(m => m.Groups[2].Value));

    private static double Value(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)""")]
    private static partial Regex Sample();

    [GeneratedRegex("""(\w+)="((?:[^"\\]|\\.)*)"(,|$)""")]
    private static partial Regex Label();
}
