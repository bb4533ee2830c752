using System.Text.Json;
using Occupancy.Grains.Tests.Support;
using Xunit.Abstractions;

namespace Occupancy.Api.Tests.Outage;

/// <summary>
/// The Api's health answers while the store and then the cluster go away, on the real stack (Azurite on disk, a silo
/// on TCP storing in it): Azurite paused (SIGSTOP) makes readiness degraded and still 200, so nothing restarts a node
/// the store failed; the silos gone make readiness 503; liveness is 200 throughout.
/// </summary>
[Collection(OutageCollection.Name)]
public sealed class HealthUnderOutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);

    private sealed record Answer(int Status, string? State, string? Cluster, string? Store, string Body)
    {
        public override string ToString() => $"{Status} {Body}";
    }

    [Fact]
    public async Task A_paused_store_is_degraded_with_200_and_a_cluster_gone_is_503_while_live_stays_200()
    {
        await using var stack = await OutageStack.StartAsync();
        var ready = await Read(stack.Public, "/health/ready");
        Assert.True(ready is { Status: 200, State: "healthy", Cluster: "healthy", Store: "healthy" }, $"before the outage: {ready}");

        stack.Azurite.Freeze();
        try
        {
            var degraded = await Eventually.Value(() => Read(stack.Public, "/health/ready"), a => a.Store == "degraded" || a.Status != 200,
                "readiness says the store is degraded while Azurite is paused", Generous);
            Assert.True(degraded is { Status: 200, State: "degraded", Cluster: "healthy", Store: "degraded" }, $"while the store is paused: {degraded}");
            output.WriteLine($"Store paused: /health/ready {degraded}");
            await AssertLive(stack.Public);
        }
        finally
        {
            stack.Azurite.Thaw();
        }
        var healthy = await Eventually.Value(() => Read(stack.Public, "/health/ready"), a => a.Store == "healthy",
            "readiness says the store is healthy again once Azurite runs", Generous);
        Assert.Equal(200, healthy.Status);

        await stack.Cluster.StopAllSilosAsync();
        var gone = await Eventually.Value(() => Read(stack.Public, "/health/ready"), a => a.Status != 200,
            "readiness stops answering 200 once the cluster is gone", Generous);
        Assert.True(gone is { Status: 503, State: "unhealthy", Cluster: "unreachable" }, $"with the cluster gone: {gone}");
        output.WriteLine($"Cluster gone: /health/ready {gone}");
        await AssertLive(stack.Public);
    }

    private static async Task AssertLive(HttpClient client)
    {
        var live = await Read(client, "/health/live");
        Assert.True(live is { Status: 200, State: "healthy" }, $"/health/live: {live}");
    }

    private static async Task<Answer> Read(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        var json = JsonDocument.Parse(body).RootElement;
        string? Field(string name) => json.TryGetProperty(name, out var value) ? value.GetString() : null;
        return new Answer((int)response.StatusCode, Field("status"), Field("cluster"), Field("store"), body);
    }
}
