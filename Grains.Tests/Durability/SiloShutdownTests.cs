using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Occupancy.Grains.Tests.Support;
using Occupancy.Testing;
using Xunit.Abstractions;

namespace Occupancy.Grains.Tests.Durability;

/// <summary>
/// The production silo (Silo.dll, as run.sh starts it) asked to stop while its store is unreachable: Orleans
/// would wait on membership writes that cannot land. It must exit anyway, within its shutdown bound.
/// </summary>
[Collection(DurabilityCollection.Name)]
public sealed class SiloShutdownTests(AzuriteStoreFixture store, ITestOutputHelper output)
{
    private const int SigTerm = 15;

    private readonly ConcurrentQueue<string> _siloOutput = new();

    /// <summary>The contract: a silo asked to stop while its store is gone exits within 30 s.</summary>
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_silo_asked_to_stop_while_its_store_is_cut_exits_within_its_bound()
    {
        await using var link = StoreLink.Open(store.Azurite.Port);
        using var silo = StartSilo(link.Route(store.ConnectionString), out var healthPort);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            await Eventually.Until(async () =>
            {
                if (silo.HasExited) Assert.Fail($"The silo exited during start-up with code {silo.ExitCode}:\n{string.Join("\n", _siloOutput.TakeLast(40))}");
                try
                {
                    return (await http.GetAsync($"http://127.0.0.1:{healthPort}/health")).IsSuccessStatusCode;
                }
                catch (Exception)
                {
                    return false;
                }
            }, "the silo process answers its health check", TimeSpan.FromSeconds(90));

            link.Cut();
            var clock = Stopwatch.StartNew();
            Assert.Equal(0, SendSignal(silo.Id, SigTerm));
            await Eventually.Until(() => silo.HasExited, "the silo exits after SIGTERM while its store is cut", ExitBound);
            output.WriteLine($"Store cut, SIGTERM sent: the silo exited in {clock.Elapsed.TotalSeconds:F1} s with code {silo.ExitCode}.");
        }
        finally
        {
            if (!silo.HasExited) silo.Kill(entireProcessTree: true);
        }
    }

    private Process StartSilo(string connectionString, out int healthPort)
    {
        var root = AzuriteInstance.FindRepositoryRoot();
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<configuration>/net10.0
        var siloDir = Path.Combine(root, "Silo");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = siloDir,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(siloDir, "bin", configuration, "net10.0", "Silo.dll"));
        healthPort = FreePort();
        var id = $"shutdown-{Guid.NewGuid():N}"[..20];
        start.Environment["Storage__ConnectionString"] = connectionString;
        start.Environment["Silo__SiloPort"] = FreePort().ToString();
        start.Environment["Silo__GatewayPort"] = FreePort().ToString();
        start.Environment["Silo__HealthPort"] = healthPort.ToString();
        start.Environment["Cluster__ClusterId"] = id;
        start.Environment["Cluster__ServiceId"] = id;
        start.Environment["Catalog__SeedDemo"] = "false";
        start.Environment.Remove("ASPNETCORE_URLS");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) _siloOutput.Enqueue(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) _siloOutput.Enqueue(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
