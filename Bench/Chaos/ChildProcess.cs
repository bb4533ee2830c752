using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Occupancy.Bench.Chaos;

/// <summary>
/// One process the chaos run started (Azurite, a silo, an Api node), its output appended to a log file. Signals are
/// real POSIX signals: SIGKILL for a crash, SIGTERM for a silo's or Api node's orderly stop, SIGINT for Azurite (it
/// saves its data on SIGINT only).
/// </summary>
internal sealed class ChildProcess
{
    private const int SigInt = 2, SigKill = 9, SigTerm = 15;

    private readonly Process _process;
    private int _stopping;

    private ChildProcess(string name, string log, Process process)
    {
        Name = name;
        Log = log;
        _process = process;
    }

    public string Name { get; }

    public string Log { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Whether the process ended without being told to (a silo declared dead stops itself, for one).</summary>
    public bool DiedUnasked => _process.HasExited && Volatile.Read(ref _stopping) == 0;

    public static ChildProcess Start(string name, string workingDirectory, string log, IReadOnlyDictionary<string, string?> environment,
        string file, params string[] args)
    {
        // The shell only redirects and then becomes the program (exec): the pid is the program's, signals reach it directly.
        var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = workingDirectory, UseShellExecute = false };
        foreach (var arg in new[] { "-c", "exec \"$@\" >>\"$CHAOS_LOG\" 2>&1", "sh", file }.Concat(args)) start.ArgumentList.Add(arg);
        start.Environment["CHAOS_LOG"] = log;
        foreach (var (key, value) in environment)
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }

        return new ChildProcess(name, log, Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}."));
    }

    /// <summary>kill -9: no goodbye, no last write.</summary>
    public void Crash()
    {
        Interlocked.Exchange(ref _stopping, 1);
        Signal(SigKill);
    }

    public Task<bool> TerminateAsync(TimeSpan grace) => StopAsync(SigTerm, grace);

    public Task<bool> InterruptAsync(TimeSpan grace) => StopAsync(SigInt, grace);

    /// <summary>Sends the signal and waits; past the grace period, kills. True when it stopped within the grace period.</summary>
    private async Task<bool> StopAsync(int signal, TimeSpan grace)
    {
        Interlocked.Exchange(ref _stopping, 1);
        if (_process.HasExited) return true;
        Signal(signal);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            Signal(SigKill);
            await _process.WaitForExitAsync();
            return false;
        }
    }

    // Only while it runs: once .NET has reaped it, its pid may already belong to someone else's process.
    private void Signal(int signal)
    {
        if (!_process.HasExited) _ = kill(_process.Id, signal);
    }

    public string Tail(int lines = 30)
    {
        try
        {
            return string.Join('\n', File.ReadLines(Log).TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
