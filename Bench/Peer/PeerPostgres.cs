using System.Diagnostics;
using Occupancy.Bench.Harness;

namespace Occupancy.Bench.Peer;

/// <summary>
/// The one PostgreSQL cluster the peer's variants share in a bench run: started on first use by
/// <c>scripts/peer-postgres.sh</c> (which installs Debian's postgresql if missing) on loopback, port
/// <c>--postgres-port</c> (5433), stopped when the bench exits. Its folder is also written to
/// <c>$DATA_DIR/peer-postgres</c>, so <c>scripts/bench.sh</c> stops it even if the bench is killed.
/// </summary>
internal sealed class PeerPostgres
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static PeerPostgres? _running;

    private PeerPostgres(string script, string directory, string connectionString)
    {
        Script = script;
        Directory = directory;
        ConnectionString = connectionString;
    }

    private string Script { get; }

    public string Directory { get; }

    /// <summary>An Npgsql connection string to the peer's database (password authentication on 127.0.0.1).</summary>
    public string ConnectionString { get; }

    public static async Task<PeerPostgres> EnsureStartedAsync(BenchContext context)
    {
        await Gate.WaitAsync();
        try
        {
            if (_running is not null) return _running;
            var script = Path.Combine(context.RepoRoot, "scripts", "peer-postgres.sh");
            var port = context.Option("postgres-port", 5433);
            context.Log($"peer: starting PostgreSQL on 127.0.0.1:{port}");
            var (exit, output) = await RunAsync(script, "start", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var directory = lines.FirstOrDefault(l => l.StartsWith("dir=", StringComparison.Ordinal))?[4..];
            var connection = lines.FirstOrDefault(l => l.StartsWith("connection=", StringComparison.Ordinal))?["connection=".Length..];
            if (exit != 0 || directory is null || connection is null)
                throw new InvalidOperationException($"PostgreSQL for the peer did not start (exit {exit}): {output}");
            _running = new PeerPostgres(script, directory, connection);
            if (System.IO.Directory.Exists(context.DataDir)) await File.WriteAllTextAsync(Path.Combine(context.DataDir, "peer-postgres"), directory);
            // A bench that ends (or is stopped with SIGTERM) stops its cluster; scripts/bench.sh covers a harder end.
            AppDomain.CurrentDomain.ProcessExit += (_, _) => _running?.Stop();
            return _running;
        }
        finally
        {
            Gate.Release();
        }
    }

    private void Stop()
    {
        if (Interlocked.Exchange(ref _running, null) is null) return;
        RunAsync(Script, "stop", Directory).GetAwaiter().GetResult();
    }

    private static async Task<(int Exit, string Output)> RunAsync(string script, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true };
        start.ArgumentList.Add(script);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {script}.");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
