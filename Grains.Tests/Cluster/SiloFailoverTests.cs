using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Live;
using Occupancy.Grains.Tests.Support;
using Occupancy.Silo.Hosting;
using Orleans.Configuration;
using Orleans.TestingHost;
using Xunit.Abstractions;
using static Occupancy.Grains.Tests.Support.TestPlaces;

namespace Occupancy.Grains.Tests.Cluster;

/// <summary>Two silos over TCP, clustered and stored on Azurite; one of them dies under a watched canteen.</summary>
[Collection(SiloFailoverCollection.Name)]
public sealed class SiloFailoverTests(AzuriteStoreFixture store, ITestOutputHelper output)
{
    private const string StoreKey = ClusterOnAzurite.StoreKey;

    /// <summary>As the Api's relay does: renew the subscription every few seconds, well inside its lifetime.</summary>
    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task When_the_silo_of_a_watched_canteen_dies_tables_can_be_set_again_and_watchers_hear_of_it()
    {
        var builder = new TestClusterBuilder(2);
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Options.UseTestClusterMembership = false;
        builder.Properties[StoreKey] = store.ConnectionString;
        // Each silo in a process of its own, so killing one is a real crash: no last write, no goodbye.
        builder.CreateSiloAsync = StandaloneSiloHandle.CreateForAssembly(typeof(SiloProcess).Assembly);
        builder.AddSiloBuilderConfigurator<ClusterOnAzurite.Silo>();
        builder.AddClientBuilderConfigurator<ClusterOnAzurite.Client>();
        var cluster = builder.Build();
        await using var _ = cluster;
        var deploying = Stopwatch.StartNew();
        await cluster.DeployAsync();
        output.WriteLine($"Two silo processes up in {deploying.Elapsed.TotalSeconds:F1} s.");

        var grains = cluster.Client;
        var canteenId = (await CanteenAsync(grains, await SiteAsync(grains))).Id;
        var canteen = grains.GetGrain<ICanteenGrain>(canteenId);
        var topic = Topics.Canteen(canteenId);
        using var screen = new RecordingObserver(grains);
        await canteen.Watch(screen.Reference);
        using var stop = new CancellationTokenSource();
        var renewals = new RenewalLog();
        var renewing = RenewAsync(canteen, screen, renewals, stop.Token);

        var before = Accepted(await canteen.SetTable(new TableOccupancy("t01", 1), Actor.System));
        await Eventually.Until(() => screen.Pushes<CanteenSnapshot>(topic).Any(c => c.Version == before.Version), "the screen hears the first table");

        var host = await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(canteen);
        Assert.NotNull(host);
        var victim = cluster.Silos.Single(s => s.SiloAddress.Equals(host));
        output.WriteLine($"The canteen lives on {host} ({(victim == cluster.Primary ? "primary" : "secondary")}); killing it.");

        var clock = Stopwatch.StartNew();
        await cluster.KillSiloAsync(victim);
        output.WriteLine($"Killed its process. After a crash the grain directory holds the dead silo's grains for " +
                         $"GrainDirectoryOptions.RangeLeaseDuration ({new GrainDirectoryOptions().RangeLeaseDuration.TotalSeconds:F0} s by default) " +
                         "less the failure-detection window, so none of them is activated twice.");

        Exception? lastError = null;
        var set = await Eventually.Value(async () =>
        {
            try
            {
                return Accepted(await canteen.SetTable(new TableOccupancy("t01", 2), Actor.System));
            }
            catch (Exception error)
            {
                lastError = error;
                return null;
            }
        }, s => s is not null, "a table can be set again after its silo died", RecoveryBound);
        var writable = clock.Elapsed;
        Assert.True(set!.Version > before.Version);
        output.WriteLine($"Table set again {writable.TotalSeconds:F1} s after the kill (last failure before: {lastError?.GetType().Name ?? "none"}).");

        // The relay's renewal puts the subscription back on the canteen's new activation; the next change is pushed.
        await Eventually.Until(() => renewals.SucceededSince(writable), "the subscription is renewed on the new activation", RecoveryBound);
        output.WriteLine($"Subscription renewed on the new activation {clock.Elapsed.TotalSeconds:F1} s after the kill.");
        var after = Accepted(await canteen.SetTable(new TableOccupancy("t01", 3), Actor.System));
        await Eventually.Until(
            () => screen.Pushes<CanteenSnapshot>(topic).Any(c => c.Version >= after.Version && c.Tables.Single(t => t.Id == "t01").Occupied == 3),
            "the screen hears a change made after the failover", RecoveryBound);
        var pushed = clock.Elapsed;
        var newHost = await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(canteen);
        output.WriteLine($"Screen heard a change {pushed.TotalSeconds:F1} s after the kill; the canteen now lives on {newHost}.");
        Assert.NotEqual(host, newHost);
        Assert.True(after.Version > set.Version);

        await stop.CancelAsync();
        await renewing;
    }

    private static async Task RenewAsync(ICanteenGrain canteen, RecordingObserver screen, RenewalLog log, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(RenewEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    if (await canteen.Watch(screen.Reference) is not null) log.Succeeded();
                }
                catch (Exception)
                {
                    // As the relay does: try again next round.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed class RenewalLog
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _lastTicks = -1;

        public void Succeeded() => Interlocked.Exchange(ref _lastTicks, _clock.Elapsed.Ticks);

        /// <summary>Whether a renewal succeeded after the given time since the log began.</summary>
        public bool SucceededSince(TimeSpan since) => Interlocked.Read(ref _lastTicks) > since.Ticks;
    }
}
