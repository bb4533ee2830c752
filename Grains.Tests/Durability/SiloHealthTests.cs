using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Occupancy.Grains.Tests.Support;
using Occupancy.Testing;
using Xunit.Abstractions;

namespace Occupancy.Grains.Tests.Durability;

/// <summary>
/// The production silo's <c>GET /health</c> (Silo.dll, as run.sh starts it and waits on it) while its store is paused:
/// the store is degraded and the answer stays 200, so a launcher or an orchestrator does not restart a silo the store
/// failed; healthy again once the store runs.
/// </summary>
[Collection(DurabilityCollection.Name)]
public sealed class SiloHealthTests(AzuriteStoreFixture store, ITestOutputHelper output)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);

    private readonly ConcurrentQueue<string> _siloOutput = new();

    private sealed record Answer(int Status, string? State, string? Cluster, string? Store, string Body)
    {
        public override string ToString() => $"{Status} {Body}";
    }

    [Fact]
    public async Task A_paused_store_makes_the_silo_degraded_and_still_200()
    {
        using var silo = SiloDll.Start(store.ConnectionString, "health", _siloOutput, out var healthPort);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var url = $"http://127.0.0.1:{healthPort}/health";
        try
        {
            var up = await Eventually.Value(async () =>
            {
                if (silo.HasExited) Assert.Fail($"The silo exited during start-up with code {silo.ExitCode}:\n{string.Join("\n", _siloOutput.TakeLast(40))}");
                return await Read(http, url);
            }, a => a?.Status == 200, "the silo answers its health check", Generous);
            Assert.True(up is { State: "healthy", Cluster: "healthy", Store: "healthy" }, $"before the outage: {up}");

            store.Azurite.Freeze();
            try
            {
                var degraded = await Eventually.Value(() => Read(http, url), a => a?.Store == "degraded" || a?.Status != 200,
                    "the silo's health says the store is degraded while Azurite is paused", Generous);
                Assert.True(degraded is { Status: 200, State: "degraded", Cluster: "healthy", Store: "degraded" }, $"while the store is paused: {degraded}");
                output.WriteLine($"Store paused: /health {degraded}");
            }
            finally
            {
                store.Azurite.Thaw();
            }
            var healthy = await Eventually.Value(() => Read(http, url), a => a?.Store == "healthy",
                "the silo's health says the store is healthy again once Azurite runs", Generous);
            Assert.Equal(200, healthy!.Status);
        }
        finally
        {
            if (!silo.HasExited) silo.Kill(entireProcessTree: true);
        }
    }

    private static async Task<Answer?> Read(HttpClient http, string url)
    {
        try
        {
            using var response = await http.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            var json = JsonDocument.Parse(body).RootElement;
            string? Field(string name) => json.TryGetProperty(name, out var value) ? value.GetString() : null;
            return new Answer((int)response.StatusCode, Field("status"), Field("cluster"), Field("store"), body);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }
}
