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
        using var silo = SiloDll.Start(link.Route(store.ConnectionString), "shutdown", _siloOutput, out var healthPort);
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

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
