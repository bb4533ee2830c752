using Occupancy.Api.Tests.Support;
using Occupancy.Grains.Health;

namespace Occupancy.Api.Tests.Functional;

/// <summary>Readiness polled by a load balancer must not write a store row per poll.</summary>
[Collection(ApiCollection.Name)]
public sealed class ReadinessTests(ApiFixture api)
{
    [Fact]
    public async Task A_burst_of_readiness_checks_writes_the_store_probe_at_most_once()
    {
        var probe = api.Cluster.Client.GetGrain<IStoreProbeGrain>(0);
        await api.GetJson("/health/ready");
        var before = await probe.WrittenProbes();

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => api.GetJson("/health/ready")));

        var written = await probe.WrittenProbes() - before;
        Assert.All(answers, a => Assert.Equal("healthy", a.GetProperty("store").GetString()));
        Assert.True(written <= 1, $"40 readiness checks wrote the probe {written} times; the answer should be reused for a few seconds.");
    }
}
