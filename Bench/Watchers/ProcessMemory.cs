using System.Globalization;

namespace Occupancy.Bench.Watchers;

/// <summary>A local server process's resident memory (Linux /proc), and which process listens on a port.</summary>
internal static class ProcessMemory
{
    /// <summary>VmRSS of the process, in bytes.</summary>
    public static long Resident(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
            return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
        }
        throw new InvalidOperationException($"/proc/{pid}/status has no VmRSS.");
    }

    /// <summary>
    /// Waits until the resident memory stops moving (two readings a second apart within 0.5 %, or <paramref name="limit"/>),
    /// so a reading is not taken in the middle of a burst of allocations or a collection. Answers the last reading.
    /// </summary>
    public static async Task<long> Settled(int pid, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        var last = Resident(pid);
        while (DateTime.UtcNow < until)
        {
            await Task.Delay(1000);
            var now = Resident(pid);
            if (Math.Abs(now - last) <= last / 200) return now;
            last = now;
        }
        return last;
    }

    /// <summary>The process listening on the TCP port (from /proc/net/tcp{,6} and the processes' socket descriptors).</summary>
    public static int ListeningOn(int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table)) continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // local_address is "ADDR:PORT" in hex; state 0A is LISTEN; the inode is the tenth field.
                if (fields.Length < 10 || fields[3] != "0A") continue;
                var local = fields[1];
                if (int.Parse(local[(local.LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                    inodes.Add($"socket:[{fields[9]}]");
            }
        }
        if (inodes.Count == 0) throw new InvalidOperationException($"Nothing listens on port {port}.");
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            try
            {
                foreach (var fd in Directory.EnumerateFiles($"{dir}/fd"))
                {
                    if (new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target)) return pid;
                }
            }
            catch (Exception error) when (error is UnauthorizedAccessException or IOException)
            {
                // Another user's process, or one that just ended.
            }
        }
        throw new InvalidOperationException($"No readable process holds the socket listening on port {port}.");
    }
}
