using System.Globalization;
using System.Text.RegularExpressions;

namespace Occupancy.Bench.Harness;

/// <summary>
/// The grain state reads and writes the silo made, by state name, from its metrics on the management port
/// (<c>occupancy_storage_reads_total</c> and the count of <c>occupancy_storage_write_duration_seconds</c>): the store
/// operations behind a scenario's requests, as a difference of two readings.
/// </summary>
internal sealed partial record StoreOperations(IReadOnlyDictionary<string, long> Reads, IReadOnlyDictionary<string, long> Writes)
{
    public long TotalReads => Reads.Values.Sum();

    public long TotalWrites => Writes.Values.Sum();

    /// <summary>The silo's counts now; null if its metrics do not answer (a scenario then reports no breakdown, not zeros).</summary>
    public static async Task<StoreOperations?> ReadAsync(HttpClient http, Uri metrics)
    {
        try
        {
            return Parse(await http.GetStringAsync(metrics));
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads until two readings a second apart agree: a booking's writes after its answer (the outbox, statistics)
    /// land within that; gives up after <paramref name="limit"/> and answers the last reading.
    /// </summary>
    public static async Task<StoreOperations?> SettledAsync(HttpClient http, Uri metrics, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        var last = await ReadAsync(http, metrics);
        while (last is not null && DateTime.UtcNow < until)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var now = await ReadAsync(http, metrics);
            if (now is null || (now.TotalReads == last.TotalReads && now.TotalWrites == last.TotalWrites)) return now;
            last = now;
        }
        return last;
    }

    public StoreOperations Since(StoreOperations before) => new(Minus(Reads, before.Reads), Minus(Writes, before.Writes));

    /// <summary>"writes: session 2.01, member 2.00, …; reads: …" per <paramref name="per"/> (the busiest first).</summary>
    public string Describe(double per, string unit) =>
        $"store operations per {unit}: writes {TotalWrites / per:0.##} ({ByState(Writes, per)}); reads {TotalReads / per:0.##} ({ByState(Reads, per)})";

    private static string ByState(IReadOnlyDictionary<string, long> counts, double per) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.Where(c => c.Value > 0).OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value / per:0.##}"));

    private static Dictionary<string, long> Minus(IReadOnlyDictionary<string, long> after, IReadOnlyDictionary<string, long> before) =>
        after.ToDictionary(a => a.Key, a => a.Value - before.GetValueOrDefault(a.Key));

    internal static StoreOperations Parse(string exposition)
    {
        var reads = new Dictionary<string, long>();
        var writes = new Dictionary<string, long>();
        foreach (var line in exposition.Split('\n'))
        {
            var counts = line.StartsWith("occupancy_storage_reads_total{", StringComparison.Ordinal) ? reads
                : line.StartsWith("occupancy_storage_write_duration_seconds_count{", StringComparison.Ordinal) ? writes
                : null;
            if (counts is null || StateLabel().Match(line) is not { Success: true } state) continue;
            var value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
            // Written in both outcomes (ok, failed): a failed write costs the store too.
            counts[state.Groups[1].Value] = counts.GetValueOrDefault(state.Groups[1].Value) + (long)double.Parse(value, CultureInfo.InvariantCulture);
        }
        return new StoreOperations(reads, writes);
    }

    [GeneratedRegex("state=\"([^\"]+)\"")]
    private static partial Regex StateLabel();
}
