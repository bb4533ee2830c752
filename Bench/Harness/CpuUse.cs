using System.Globalization;

namespace Occupancy.Bench.Harness;

/// <summary>
/// Where the machine's CPU went while a variant was measured: each process of the system under test (the Api node,
/// the silo, Azurite), the bench itself, and everything else together (a floor, the peer, anything else running),
/// from Linux's /proc counters. A coarse profile beside every figure: a variant whose store or load generator is at
/// a full core is bounded there, whatever the code under test does. Intervals add up, for variants measured in turns.
/// </summary>
internal sealed class CpuUse(IReadOnlyDictionary<string, int> processes)
{
    // Linux reports process and machine times in clock ticks of USER_HZ, 100 on every mainstream architecture.
    private const double TicksPerSecond = 100;

    private readonly Dictionary<string, long> _processTicks = processes.Keys.ToDictionary(name => name, _ => 0L);
    private long _machineBusy;
    private long _machineTotal;
    private (Dictionary<string, long> Processes, long Busy, long Total)? _started;

    /// <summary>A counter already counting (the usual case: one interval around a variant's repetitions).</summary>
    public static CpuUse Start(IReadOnlyDictionary<string, int> processes)
    {
        var use = new CpuUse(processes);
        use.Resume();
        return use;
    }

    public void Resume() => _started = Read();

    public void Pause()
    {
        if (_started is not { } started) return;
        var now = Read();
        foreach (var name in _processTicks.Keys) _processTicks[name] += now.Processes[name] - started.Processes[name];
        _machineBusy += now.Busy - started.Busy;
        _machineTotal += now.Total - started.Total;
        _started = null;
    }

    /// <summary>One line: each process's CPU as a share of one core over the counted time, the rest, and the machine's use.</summary>
    public string Describe()
    {
        Pause();
        var cores = Environment.ProcessorCount;
        var elapsedTicks = _machineTotal / (double)cores;
        if (elapsedTicks <= 0) return "CPU: no time counted";
        var shares = _processTicks.Select(p => (name: p.Key, share: p.Value / elapsedTicks)).ToList();
        var machineBusy = _machineBusy / elapsedTicks;
        var rest = Math.Max(0, machineBusy - shares.Sum(s => s.share));
        var parts = shares.Select(s => $"{s.name} {Percent(s.share)}").Append($"everything else {Percent(rest)}");
        return $"CPU, as a share of one core, over {elapsedTicks / TicksPerSecond:F0} s: {string.Join(", ", parts)}; the machine's {cores} cores {Percent(machineBusy / cores)} busy";
    }

    private static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + " %";

    private (Dictionary<string, long> Processes, long Busy, long Total) Read()
    {
        var (busy, total) = Machine();
        return (processes.ToDictionary(p => p.Key, p => Ticks(p.Value)), busy, total);
    }

    /// <summary>utime + stime of the process (fields 14 and 15 of /proc/pid/stat, counted after the command name).</summary>
    private static long Ticks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    /// <summary>The machine's busy and total ticks over all cores (the first line of /proc/stat; idle and iowait are not busy).</summary>
    private static (long Busy, long Total) Machine()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Sum();
        return (total - fields[3] - fields[4], total);
    }
}
