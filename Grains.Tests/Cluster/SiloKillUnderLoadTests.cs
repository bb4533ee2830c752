using Occupancy.Bench.Chaos;
using Occupancy.Grains.Tests.Support;
using Occupancy.Testing;
using Xunit.Abstractions;

namespace Occupancy.Grains.Tests.Cluster;

/// <summary>
/// The short form of scripts/chaos.sh: real processes (its own Azurite on a free port, 2 silos with the production
/// silo configuration, 1 Api node), 200 bookers, one kill -9 under load, a full restart, and the invariants read back
/// from storage. Recovery times are written to the output, never asserted.
/// </summary>
[Collection(SiloFailoverCollection.Name)]
public sealed class SiloKillUnderLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_silo_killed_under_load_loses_no_acknowledged_booking_and_breaks_no_booking_rule()
    {
        var report = await ChaosRun.RunAsync(new ChaosSettings
        {
            RepoRoot = AzuriteInstance.FindRepositoryRoot(),
            Configuration = ChaosRun.ConfigurationOf(AppContext.BaseDirectory),
            Silos = 2,
            Apis = 1,
            Bookers = 200,
            Sessions = 20,
            Capacity = 5,
            Waitlist = 3,
            ProbeSessions = 8,
            Think = TimeSpan.FromSeconds(3),
            Kills = 1,
            FirstKillAfter = TimeSpan.FromSeconds(10),
            LoadAfterLastKill = TimeSpan.FromSeconds(20),
            GiveUpAfter = TimeSpan.FromSeconds(60),
            SettleTimeout = TimeSpan.FromSeconds(60),
        }, output.WriteLine);
        output.WriteLine(report.ToMarkdown());

        Assert.Single(report.Kills);
        Assert.True(report.BookingsConfirmed > 0 && report.BookingsWaitlisted > 0, "the load booked seats and waitlist places");
        Assert.True(report.Refusals.Keys.Any(k => k.Contains("full", StringComparison.Ordinal)), "the sessions were oversubscribed");
        Assert.All(report.Checks, check => Assert.True(check.Passed, check.ToString()));
    }
}
