using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Occupancy.Bench.Harness;

/// <summary>
/// The run's results as markdown for BENCHMARKS.md: machine, date, commit and command first, then each scenario's
/// variants (median and range of every figure) and its targets, met or not.
/// </summary>
internal sealed class BenchReport
{
    private readonly List<(string Scenario, string Title, List<Measured> Measured, List<Target> Targets, List<string> Notes)> _sections = [];

    public string Command { get; init; } = "";

    /// <summary>Starts a scenario's section; later calls for the same scenario add to it.</summary>
    public void Begin(string scenario, string title) => Section(scenario, title);

    public void Add(Measured measured) => Section(measured.Scenario).Measured.Add(measured);

    public void Add(string scenario, Target target) => Section(scenario).Targets.Add(target);

    /// <summary>A line of explanation under the scenario's tables (what the floor is, why a target is missed, a profile finding).</summary>
    public void Note(string scenario, string line) => Section(scenario).Notes.Add(line);

    /// <summary>How long a scenario took, setup and floors included; <paramref name="scenario"/> null for the whole run.</summary>
    public void Took(string? scenario, TimeSpan elapsed)
    {
        if (scenario is null) _took = elapsed;
        else Note(scenario, $"This scenario took {Duration(elapsed)} (setup, warm-ups, floors and peers included).");
    }

    private TimeSpan? _took;

    private static string Duration(TimeSpan elapsed) => elapsed.TotalMinutes >= 1
        ? $"{(int)elapsed.TotalMinutes} min {elapsed.Seconds} s"
        : $"{elapsed.TotalSeconds:F0} s";

    public IEnumerable<Target> Targets => _sections.SelectMany(s => s.Targets);

    private (string Scenario, string Title, List<Measured> Measured, List<Target> Targets, List<string> Notes) Section(string scenario, string? title = null)
    {
        var found = _sections.FirstOrDefault(s => s.Scenario == scenario);
        if (found.Scenario is not null) return found;
        var added = (scenario, title ?? scenario, new List<Measured>(), new List<Target>(), new List<string>());
        _sections.Add(added);
        return added;
    }

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine($"## Run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine($"- machine: {Machine()}");
        md.AppendLine($"- commit: {Git("rev-parse --short HEAD")}{(Git("status --porcelain --untracked-files=no").Length > 0 ? " (with uncommitted changes)" : "")}");
        md.AppendLine($"- command: `{Command}`");
        if (_took is { } took) md.AppendLine($"- duration: {Duration(took)}");
        md.AppendLine();
        foreach (var (_, title, measured, targets, notes) in _sections)
        {
            md.AppendLine($"### {title}");
            md.AppendLine();
            md.AppendLine("| variant | figure | median | range | n |");
            md.AppendLine("|---|---|---:|---:|---:|");
            foreach (var m in measured)
            foreach (var figure in m.FigureNames)
            {
                var (min, max) = m.Range(figure);
                var unit = m.UnitOf(figure);
                md.AppendLine($"| {m.Variant} | {figure} | {Format(m.Median(figure))} {unit} | {Format(min)}–{Format(max)} | {m.Values(figure).Length} |");
            }

            md.AppendLine();
            if (targets.Count > 0)
            {
                md.AppendLine("| target | ratio | limit | met |");
                md.AppendLine("|---|---:|---:|---|");
                foreach (var t in targets)
                    md.AppendLine($"| {t.Name} | {t.Ratio:0.00}× | {t.Comparison} {t.Limit:0.##}× | {(t.Met ? "yes" : "**no**")}{(t.Why is null ? "" : " — " + t.Why)} |");
                md.AppendLine();
            }

            foreach (var line in notes.Concat(measured.SelectMany(m => m.Notes.Select(n => $"{m.Variant}, {n}"))))
                md.AppendLine($"- {line}");
            md.AppendLine();
        }

        return md.ToString();
    }

    private static string Format(double value) =>
        double.IsNaN(value) ? "–" : value >= 100 ? value.ToString("0", CultureInfo.InvariantCulture) : value.ToString("0.0#", CultureInfo.InvariantCulture);

    private static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return $"{Environment.ProcessorCount} cores{(cpu is null ? "" : $" ({cpu})")}, {memory:0} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, " +
               $".NET {Environment.Version}, load average {load} at the end of the run";
    }

    private static string Git(string arguments)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : "?";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }
}
