using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Occupancy.Testing;

/// <summary>
/// A private Azurite table service for one test run: its own free loopback port and in-memory data,
/// so parallel runs never share (or see) each other's tables. Started from the repository's
/// node_modules (installed by <c>npm ci</c>); the process tree is killed on dispose.
/// <para>
/// Started <see cref="StartOnDiskAsync">on disk</see>, it keeps its data in a private folder as a deployed
/// Azurite does: saved every 5 s and on SIGINT only. Such an instance can be stopped with SIGINT and started
/// again on the same port and folder (a store restart), or frozen with SIGSTOP and thawed with SIGCONT.
/// </para>
/// </summary>
public sealed class AzuriteInstance : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account (public, not a secret).</summary>
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private const int PortAttempts = 3;

    private const int SigInt = 2;
    private const int SigCont = 18;
    private const int SigStop = 19;
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly string _mainJs;
    private OutputBuffer _output;
    private readonly string _workspace;
    private Process _process;
    private int _disposed;

    private AzuriteInstance(string mainJs, Process process, OutputBuffer output, string workspace, int port, bool onDisk)
    {
        _mainJs = mainJs;
        _process = process;
        _output = output;
        _workspace = workspace;
        Port = port;
        OnDisk = onDisk;
        AppDomain.CurrentDomain.ProcessExit += KillOnHostExit;
    }

    public int Port { get; }

    /// <summary>Whether the data is kept in a folder (and survives <see cref="StopAsync"/> and <see cref="StartAgainAsync"/>).</summary>
    public bool OnDisk { get; }

    /// <summary>The process id of the running Azurite (node).</summary>
    public int ProcessId => _process.Id;

    public Uri TableEndpoint => new($"http://127.0.0.1:{Port}/{AccountName}");

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};TableEndpoint={TableEndpoint};";

    /// <summary>Starts Azurite with in-memory data and returns once its table port accepts connections.</summary>
    public static Task<AzuriteInstance> StartAsync(CancellationToken cancellationToken = default) => StartAsync(onDisk: false, cancellationToken);

    /// <summary>Starts Azurite keeping its data on disk, as deployed (5 s autosave, saved on SIGINT).</summary>
    public static Task<AzuriteInstance> StartOnDiskAsync(CancellationToken cancellationToken = default) => StartAsync(onDisk: true, cancellationToken);

    private static async Task<AzuriteInstance> StartAsync(bool onDisk, CancellationToken cancellationToken)
    {
        var repoRoot = FindRepositoryRoot();
        var mainJs = Path.Combine(repoRoot, "node_modules", "azurite", "dist", "src", "table", "main.js");
        if (!File.Exists(mainJs))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed ({mainJs} is missing). Run 'npm ci' in {repoRoot} (./test.sh does it for you).");
        }

        // A port picked free can be taken by someone else before Azurite binds it; then pick again.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var workspace = Directory.CreateTempSubdirectory("occupancy-azurite-").FullName;
            var (process, output, failure) = await TryStartProcessAsync(mainJs, port, workspace, onDisk, cancellationToken);
            var instance = process is null ? null : new AzuriteInstance(mainJs, process, output, workspace, port, onDisk);
            if (instance is null) TryDelete(workspace);
            if (instance is not null)
            {
                return instance;
            }

            if (attempt >= PortAttempts || !failure!.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                throw new InvalidOperationException(failure);
            }
        }
    }

    /// <summary>A started Azurite listening on its port, or why not.</summary>
    private static async Task<(Process? Process, OutputBuffer Output, string? Failure)> TryStartProcessAsync(
        string mainJs, int port, string workspace, bool onDisk, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workspace,
        };
        string[] persistence = onDisk ? ["--location", workspace] : ["--inMemoryPersistence"];
        foreach (var arg in (string[])
                 [
                     mainJs, "--tableHost", "127.0.0.1", "--tablePort", port.ToString(), ..persistence,
                     "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--silent",
                 ])
        {
            start.ArgumentList.Add(arg);
        }

        var output = new OutputBuffer();
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException("Could not start 'node' for Azurite: is Node.js installed and on PATH?", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var failure = await WaitUntilListeningAsync(process, output, port, cancellationToken);
        if (failure is null)
        {
            return (process, output, null);
        }

        KillTree(process);
        await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        process.Dispose();
        return (null, output, failure);
    }

    /// <summary>
    /// Stops Azurite as its operator should: SIGINT, on which it saves its data and closes, then waits for the
    /// process to exit. Answers how long that took.
    /// </summary>
    public async Task<TimeSpan> StopAsync()
    {
        var watch = Stopwatch.StartNew();
        Signal(SigCont); // a frozen process cannot handle SIGINT
        Signal(SigInt);
        try
        {
            await _process.WaitForExitAsync().WaitAsync(StopTimeout);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"Azurite did not exit within {StopTimeout.TotalSeconds:0} s of SIGINT. Its output:\n{_output}");
        }

        return watch.Elapsed;
    }

    /// <summary>Starts Azurite again on the same port and, when on disk, the same data folder.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        if (!_process.HasExited) throw new InvalidOperationException("Azurite is still running; stop it first.");
        _process.Dispose();
        var (process, output, failure) = await TryStartProcessAsync(_mainJs, Port, _workspace, OnDisk, cancellationToken);
        _process = process ?? throw new InvalidOperationException(failure);
        _output = output;
    }

    /// <summary>Freezes the store (SIGSTOP): connections are accepted by the kernel and never answered.</summary>
    public void Freeze() => Signal(SigStop);

    /// <summary>Lets a frozen store run again (SIGCONT).</summary>
    public void Thaw() => Signal(SigCont);

    private void Signal(int signal)
    {
        if (!_process.HasExited && SendSignal(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"Could not send signal {signal} to Azurite (pid {_process.Id}): errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    /// <summary>Null when the table port accepts connections; otherwise why it does not.</summary>
    private static async Task<string?> WaitUntilListeningAsync(Process process, OutputBuffer output, int port, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                await process.WaitForExitAsync(cancellationToken); // flushes the output readers
                return $"Azurite exited with code {process.ExitCode} before listening on 127.0.0.1:{port}. Its output:\n{output}";
            }

            if (await AcceptsConnectionsAsync(port, cancellationToken))
            {
                return null;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return $"Azurite did not listen on 127.0.0.1:{port} within {StartTimeout.TotalSeconds:0} s. Its output:\n{output}";
            }

            // Wait for the process to exit or for the next probe, whichever comes first.
            try
            {
                await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>The folder holding Occupancy.sln, found by walking up from the test assembly.</summary>
    public static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Occupancy.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Occupancy.sln was not found above {AppContext.BaseDirectory}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= KillOnHostExit;
        Kill();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // Killed but not yet reaped; nothing more a test can do about it.
        }

        _process.Dispose();
        TryDelete(_workspace);
    }

    // A test host that exits without disposing (a crash, a hang timeout) must not leave Azurite behind.
    private void KillOnHostExit(object? sender, EventArgs e) => Kill();

    private void Kill() => KillTree(_process);

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Azurite's recent output, kept for error messages.</summary>
    private sealed class OutputBuffer
    {
        private const int MaxLines = 200;
        private readonly Queue<string> _lines = new();

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_lines)
            {
                _lines.Enqueue(line);
                if (_lines.Count > MaxLines)
                {
                    _lines.Dequeue();
                }
            }
        }

        public override string ToString()
        {
            lock (_lines)
            {
                var text = new StringBuilder();
                foreach (var line in _lines)
                {
                    text.AppendLine(line);
                }

                return text.Length == 0 ? "(no output)" : text.ToString();
            }
        }
    }
}
