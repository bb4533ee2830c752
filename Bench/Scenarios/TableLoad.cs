using System.Collections.Concurrent;
using System.Diagnostics;
using Occupancy.Bench.Harness;

namespace Occupancy.Bench.Scenarios;

/// <summary>
/// Table updates and what displays saw of them, turned into figures. Freshness of an acknowledged update, per display
/// of its canteen: from the HTTP answer (the ack) until the display first holds that version or a newer one (0 when it
/// held it before the ack came). An update never answered 200, or a version a display never showed, counts as stale
/// from when it was sent (or acknowledged) until the end of the wait for stragglers.
/// </summary>
internal sealed class TableLoad
{
    private readonly ConcurrentQueue<Sent> _sent = new();

    public readonly record struct Sent(string Canteen, long SentAt, int Status, long Version, long AnsweredAt);

    public void Add(Sent sent) => _sent.Enqueue(sent);

    public IReadOnlyCollection<Sent> All => _sent;

    /// <summary>Waits (at most <paramref name="limit"/>) until every display holds its canteen's newest acknowledged version.</summary>
    public async Task<long> DrainAsync(CanteenDisplays displays, TimeSpan limit)
    {
        var newest = _sent.Where(s => s.Status == 200).GroupBy(s => s.Canteen).ToDictionary(g => g.Key, g => g.Max(s => s.Version));
        var until = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (displays.All.Any(d => newest.TryGetValue(d.Canteen, out var v) && d.Newest < v) && Stopwatch.GetTimestamp() < until)
            await Task.Delay(20);
        return Stopwatch.GetTimestamp();
    }

    /// <summary>Freshness over every (update, display of its canteen) pair, and notes on what was missed.</summary>
    public (Latencies Freshness, List<string> Notes) Freshness(CanteenDisplays displays, long drainedAt)
    {
        var byCanteen = displays.All.GroupBy(d => d.Canteen).ToDictionary(g => g.Key, g => g.ToArray());
        var freshness = new Latencies();
        long early = 0, neverShown = 0, unanswered = 0;
        foreach (var s in _sent)
        {
            if (!byCanteen.TryGetValue(s.Canteen, out var watching)) continue;
            foreach (var display in watching)
            {
                if (s.Status != 200)
                {
                    unanswered++;
                    freshness.Add(Stopwatch.GetElapsedTime(s.SentAt, drainedAt));
                }
                else if (display.FirstHolding(s.Version) is not { } at)
                {
                    neverShown++;
                    freshness.Add(Stopwatch.GetElapsedTime(s.AnsweredAt, drainedAt));
                }
                else
                {
                    if (at <= s.AnsweredAt) early++;
                    freshness.Add(at <= s.AnsweredAt ? TimeSpan.Zero : Stopwatch.GetElapsedTime(s.AnsweredAt, at));
                }
            }
        }

        var notes = new List<string>();
        var failures = _sent.Where(s => s.Status != 200).GroupBy(s => s.Status).Select(g => $"{(g.Key == 0 ? "no answer" : g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture))} ×{g.Count()}").ToArray();
        if (failures.Length > 0) notes.Add($"updates not acknowledged: {string.Join(", ", failures)} (counted stale from their send, {unanswered} display pairs)");
        if (neverShown > 0) notes.Add($"{neverShown} (update, display) pairs not shown after the wait for stragglers (counted stale until then)");
        notes.Add($"{early} of {freshness.Count} (update, display) pairs shown before the ack arrived (counted 0 ms)");
        return (freshness, notes);
    }

    /// <summary>HTTP latency of the acknowledged updates.</summary>
    public Latencies Http()
    {
        var http = new Latencies();
        foreach (var s in _sent.Where(s => s.Status == 200)) http.Add(Stopwatch.GetElapsedTime(s.SentAt, s.AnsweredAt));
        return http;
    }

    /// <summary>A reference that is a fixed limit (ms, %), so a target "≤ 250 ms" reads as a ratio to it like the others.</summary>
    public static Measured Limit(string scenario, string figure, double value, string unit) =>
        new(scenario, $"limit: {value} {unit}", [[new Figure(figure, value, unit)]], []);
}
