using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Occupancy.Api.Tests.Hostile;

/// <summary>What a hostile run saw: counts and statuses per target, and every failure with what reproduces it.</summary>
internal sealed class HostileReport
{
    private const int FailuresShown = 40;

    private readonly ConcurrentDictionary<string, Target> _targets = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentDictionary<string, int> _counters = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Failures => _failures;

    public int Sent => _targets.Values.Sum(t => t.Sent);

    public IReadOnlyDictionary<string, Target> Targets => _targets;

    public void Record(string target, bool withValidToken, string outcome)
    {
        var entry = _targets.GetOrAdd(target, _ => new Target());
        entry.Add(withValidToken, outcome);
    }

    public void Count(string counter) => _counters.AddOrUpdate(counter, 1, (_, n) => n + 1);

    public int Counter(string counter) => _counters.GetValueOrDefault(counter);

    public void Fail(string failure) => _failures.Enqueue(failure);

    /// <summary>Writes every failure to a file beside the test assembly and answers its path.</summary>
    public string WriteFailures(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, $"{name}-failures.txt");
        File.WriteAllLines(path, _failures);
        return path;
    }

    public string Render(string title, int seed, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"== {title}: {Sent} sent in {elapsed.TotalSeconds:F1} s ({Sent / Math.Max(elapsed.TotalSeconds, 0.001):F0}/s), seed {seed} (set HOSTILE_SEED to change it)");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"target",-62} {"sent",6} {"token",6}  outcomes");
        foreach (var (name, target) in _targets.OrderBy(t => t.Key, StringComparer.Ordinal))
            text.AppendLine(CultureInfo.InvariantCulture, $"{name,-62} {target.Sent,6} {target.WithToken,6}  {target.Outcomes()}");
        foreach (var (name, count) in _counters.OrderBy(c => c.Key, StringComparer.Ordinal))
            text.AppendLine(CultureInfo.InvariantCulture, $"  {name}: {count}");
        text.AppendLine(CultureInfo.InvariantCulture, $"failures: {_failures.Count}");
        foreach (var failure in _failures.Take(FailuresShown)) text.AppendLine("  FAIL " + failure);
        if (_failures.Count > FailuresShown) text.AppendLine(CultureInfo.InvariantCulture, $"  … and {_failures.Count - FailuresShown} more");
        return text.ToString();
    }

    internal sealed class Target
    {
        private readonly Lock _gate = new();
        private readonly SortedDictionary<string, int> _outcomes = new(StringComparer.Ordinal);

        public int Sent { get; private set; }

        public int WithToken { get; private set; }

        public void Add(bool withValidToken, string outcome)
        {
            lock (_gate)
            {
                Sent++;
                if (withValidToken) WithToken++;
                _outcomes[outcome] = _outcomes.GetValueOrDefault(outcome) + 1;
            }
        }

        public string Outcomes()
        {
            lock (_gate) return string.Join(" ", _outcomes.Select(o => $"{o.Key}×{o.Value}"));
        }
    }
}
