using System.Diagnostics;

namespace Occupancy.Bench.Floors;

/// <summary>
/// A floor runs as a process of its own (this same Bench program, <c>floor &lt;kind&gt;</c>), so it shares the machine
/// with the load generator exactly as the system does. Started on a free port; stopped on dispose.
/// </summary>
internal sealed class FloorServer : IAsyncDisposable
{
    private readonly Process _process;

    private FloorServer(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    public static async Task<FloorServer> StartAsync(string kind, int port, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { typeof(FloorServer).Assembly.Location, "floor", kind, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start the {kind} floor.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[floor {kind}] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new FloorServer(process, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"The {kind} floor exited with {process.ExitCode}.");
            try
            {
                using var ready = await http.GetAsync("/ready");
                if (ready.IsSuccessStatusCode) return server;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }

        await server.DisposeAsync();
        throw new TimeoutException($"The {kind} floor did not answer /ready within 60 s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
