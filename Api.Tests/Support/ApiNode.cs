using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Orleans.TestingHost;

namespace Occupancy.Api.Tests.Support;

/// <summary>An Api node (the real Program, in memory) that is a client of a test cluster's first silo.</summary>
public static class ApiNode
{
    /// <summary>
    /// The node, with the test environment, rate limits off (every test request comes from one address; budgets are
    /// tested on nodes of their own) and its sign-in keys in <paramref name="dataDir"/>; <paramref name="configure"/>
    /// adds what a fixture needs beyond that.
    /// </summary>
    public static WebApplicationFactory<Program> On(TestCluster cluster, string dataDir, Action<IWebHostBuilder>? configure = null)
    {
        var gateway = cluster.Silos[0].GatewayAddress.Endpoint;
        return new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            // UseSetting, not ConfigureAppConfiguration: Program reads these while it builds.
            web.UseSetting("Cluster:Gateways", $"{gateway.Address}:{gateway.Port}");
            web.UseSetting("Cluster:ClusterId", cluster.Options.ClusterId);
            web.UseSetting("Cluster:ServiceId", cluster.Options.ServiceId);
            web.UseSetting("RateLimits:Enabled", "false");
            web.UseSetting("Auth:DataDir", dataDir);
            configure?.Invoke(web);
        });
    }
}
