using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Occupancy.Testing;

/// <summary>
/// A private Azurite table service for one test run: its own free loopback port and in-memory data,
/// so parallel runs never share (or see) each other's tables. Started from the repository's
/// node_modules (installed by <c>npm ci</c>); the process tree is killed on dispose.
/// </summary>
public sealed class AzuriteInstance : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account (public, not a secret).</summary>
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private const int PortAttempts = 3;

    private readonly Process _process;
    private readonly OutputBuffer _output;
    private readonly string _workspace;
    private int _disposed;

    private AzuriteInstance(Process process, OutputBuffer output, string workspace, int port)
    {
        _process = process;
        _output = output;
        _workspace = workspace;
        Port = port;
        AppDomain.CurrentDomain.ProcessExit += KillOnHostExit;
    }

    public int Port { get; }

    public Uri TableEndpoint => new($"http://127.0.0.1:{Port}/{AccountName}");

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};TableEndpoint={TableEndpoint};";

    /// <summary>Starts Azurite and returns once its table port accepts connections.</summary>
    public static async Task<AzuriteInstance> StartAsync(CancellationToken cancellationToken = default)
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
            var (instance, failure) = await TryStartAsync(mainJs, port, cancellationToken);
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

    private static async Task<(AzuriteInstance? Instance, string? Failure)> TryStartAsync(
        string mainJs, int port, CancellationToken cancellationToken)
    {
        var workspace = Directory.CreateTempSubdirectory("occupancy-azurite-").FullName;
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workspace,
        };
        foreach (var arg in new[]
                 {
                     mainJs, "--tableHost", "127.0.0.1", "--tablePort", port.ToString(),
                     "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--silent",
                 })
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
            TryDelete(workspace);
            throw new InvalidOperationException("Could not start 'node' for Azurite: is Node.js installed and on PATH?", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var instance = new AzuriteInstance(process, output, workspace, port);
        var failure = await instance.WaitUntilListeningAsync(cancellationToken);
        if (failure is null)
        {
            return (instance, null);
        }

        await instance.DisposeAsync();
        return (null, failure);
    }

    /// <summary>Null when the table port accepts connections; otherwise why it does not.</summary>
    private async Task<string?> WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(cancellationToken); // flushes the output readers
                return $"Azurite exited with code {_process.ExitCode} before listening on 127.0.0.1:{Port}. Its output:\n{_output}";
            }

            if (await AcceptsConnectionsAsync(Port, cancellationToken))
            {
                return null;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return $"Azurite did not listen on 127.0.0.1:{Port} within {StartTimeout.TotalSeconds:0} s. Its output:\n{_output}";
            }

            // Wait for the process to exit or for the next probe, whichever comes first.
            try
            {
                await _process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMilliseconds(100), cancellationToken);
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

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
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
