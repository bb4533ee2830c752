using System.Text.RegularExpressions;
using Occupancy.Testing;

namespace Occupancy.Api.Tests.Deployment;

/// <summary>
/// A unit of deploy/systemd: its settings by section (a key may repeat, as EnvironmentFile does), and the environment
/// its process gets from the example environment files it names (/etc/occupancy/X.env is deploy/systemd/X.env.example).
/// </summary>
internal sealed partial class SystemdUnit
{
    private readonly List<(string Section, string Key, string Value)> _settings;

    private SystemdUnit(string name, List<(string, string, string)> settings)
    {
        Name = name;
        _settings = settings;
    }

    public static string Folder => Path.Combine(AzuriteInstance.FindRepositoryRoot(), "deploy", "systemd");

    public string Name { get; }

    public bool IsTemplate => Name.Contains('@', StringComparison.Ordinal);

    public static IReadOnlyList<SystemdUnit> All() =>
        Directory.EnumerateFiles(Folder, "*.service").Order(StringComparer.Ordinal).Select(Load).ToList();

    public static SystemdUnit Load(string path)
    {
        var settings = new List<(string, string, string)>();
        var section = "";
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith(';')) continue;
            if (line.StartsWith('[') && line.EndsWith(']')) section = line[1..^1];
            else if (line.IndexOf('=') is var equals and > 0) settings.Add((section, line[..equals].Trim(), line[(equals + 1)..].Trim()));
        }
        return new SystemdUnit(Path.GetFileName(path), settings);
    }

    public IReadOnlyList<string> All(string section, string key) =>
        _settings.Where(s => s.Section == section && s.Key == key).Select(s => s.Value).ToList();

    public string? Get(string section, string key) => All(section, key).LastOrDefault();

    /// <summary>The process a unit starts, by the assembly it runs.</summary>
    public NodeKind Kind => Get("Service", "ExecStart") switch
    {
        { } exec when exec.EndsWith("/Silo.dll", StringComparison.Ordinal) => NodeKind.Silo,
        { } exec when exec.EndsWith("/Api.dll", StringComparison.Ordinal) => NodeKind.Api,
        var exec => throw new InvalidOperationException($"{Name} runs {exec}, neither Silo.dll nor Api.dll"),
    };

    /// <summary>The instances the examples provide for a template unit (silo-2.env.example: instance 2); none for a plain unit.</summary>
    public IReadOnlyList<string?> Instances()
    {
        if (!IsTemplate) return [null];
        var pattern = All("Service", "EnvironmentFile").Select(ExampleName).Single(f => f.Contains("%i", StringComparison.Ordinal));
        var (before, after) = (pattern[..pattern.IndexOf("%i", StringComparison.Ordinal)], pattern[(pattern.IndexOf("%i", StringComparison.Ordinal) + 2)..]);
        return Directory.EnumerateFiles(Folder, before + "*" + after).Select(Path.GetFileName).Select(f => (string?)f![before.Length..^after.Length]).ToList();
    }

    /// <summary>The example environment files the unit reads for an instance, in order.</summary>
    public IReadOnlyList<string> EnvironmentFiles(string? instance) =>
        All("Service", "EnvironmentFile").Select(f => Path.Combine(Folder, ExampleName(f).Replace("%i", instance ?? "", StringComparison.Ordinal))).ToList();

    /// <summary>The process's environment: the files in order, then the unit's own Environment= lines.</summary>
    public IReadOnlyDictionary<string, string?> EnvironmentOf(string? instance)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var file in EnvironmentFiles(instance))
        {
            foreach (var (name, value) in Assignments(file)) environment[name] = value;
        }
        foreach (var assignment in All("Service", "Environment"))
        {
            var equals = assignment.IndexOf('=');
            environment[assignment[..equals].Trim('"')] = assignment[(equals + 1)..].Trim('"');
        }
        return environment;
    }

    /// <summary>The variables an environment file sets.</summary>
    public static IEnumerable<(string Name, string Value)> Assignments(string file) =>
        File.ReadAllLines(file).Select(l => Assignment().Match(l)).Where(m => m.Success).Select(m => (m.Groups[1].Value, Unquote(m.Groups[2].Value)));

    /// <summary>The variables an environment file suggests in its commented examples (#Name=value), for an operator to set.</summary>
    public static IEnumerable<(string Name, string Value)> Suggestions(string file) =>
        File.ReadAllLines(file).Select(l => Suggested().Match(l)).Where(m => m.Success).Select(m => (m.Groups[1].Value, Unquote(m.Groups[2].Value)));

    /// <summary>The environment with every suggestion of the unit's files taken up as well.</summary>
    public IReadOnlyDictionary<string, string?> EnvironmentWithSuggestions(string? instance)
    {
        var environment = new Dictionary<string, string?>(EnvironmentOf(instance), StringComparer.Ordinal);
        foreach (var (name, value) in EnvironmentFiles(instance).SelectMany(Suggestions)) environment[name] = value;
        return environment;
    }

    /// <summary>Seconds of a systemd time span ("30s", "1min", "45").</summary>
    public static double Seconds(string span)
    {
        var match = Span().Match(span.Trim());
        if (!match.Success) throw new FormatException($"'{span}' is not a time span this test reads");
        var number = double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "" or "s" or "sec" => number, "ms" => number / 1000, "m" or "min" => number * 60, _ => throw new FormatException(span) };
    }

    private static string ExampleName(string installed) => Path.GetFileName(installed.TrimStart('-')) + ".example";

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;

    [GeneratedRegex(@"^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"^#\s?([A-Za-z_][A-Za-z0-9_]*)=(.*)$")]
    private static partial Regex Suggested();

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|)$")]
    private static partial Regex Span();
}
