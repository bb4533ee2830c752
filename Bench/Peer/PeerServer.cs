using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Occupancy.Bench.Harness;

namespace Occupancy.Bench.Peer;

/// <summary>
/// The PostgreSQL peer (Bench.Peer) in a process of its own on <c>127.0.0.1:port</c>, over the bench's PostgreSQL
/// (started on first use), with <c>synchronous_commit</c> on or off for all its connections. Any load that speaks the
/// Api's booking routes runs against <see cref="Address"/>. Stopped on dispose; PostgreSQL stays for the next variant.
/// </summary>
internal sealed class PeerServer : IAsyncDisposable
{
    private readonly Process _process;

    private PeerServer(Process process, Uri address, bool synchronousCommit)
    {
        _process = process;
        Address = address;
        SynchronousCommit = synchronousCommit;
    }

    public Uri Address { get; }

    public bool SynchronousCommit { get; }

    public int ProcessId => _process.Id;

    /// <summary>The variant's name in the report.</summary>
    public string Variant => $"peer: PostgreSQL (synchronous_commit {(SynchronousCommit ? "on" : "off")})";

    public static async Task<PeerServer> StartAsync(BenchContext context, bool synchronousCommit, int port)
    {
        var postgres = await PeerPostgres.EnsureStartedAsync(context);
        var dll = Path.Combine(context.RepoRoot, "Bench.Peer", "bin", context.Configuration, "net10.0", "Bench.Peer.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build the peer first (dotnet build Bench -c {context.Configuration}).", dll);
        var setting = synchronousCommit ? "on" : "off";
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, "--urls", $"http://127.0.0.1:{port}" }) start.ArgumentList.Add(arg);
        start.Environment["ConnectionStrings__Peer"] = $"{postgres.ConnectionString};Options=-c synchronous_commit={setting}";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the peer.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[peer] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PeerServer(process, new Uri($"http://127.0.0.1:{port}"), synchronousCommit);
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"The peer exited with {process.ExitCode}.");
            try
            {
                using var ready = await http.GetAsync("/ready");
                if (ready.IsSuccessStatusCode)
                {
                    // The setting its connections really have, not the one asked for.
                    var actual = (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("synchronousCommit").GetString();
                    if (actual == setting) return server;
                    await server.DisposeAsync();
                    throw new InvalidOperationException($"The peer's connections have synchronous_commit {actual}, not {setting}.");
                }
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }

        await server.DisposeAsync();
        throw new TimeoutException("The peer did not answer /ready within 60 s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
