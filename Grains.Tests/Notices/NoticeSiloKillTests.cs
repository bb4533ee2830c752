using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Occupancy.Grains.Access;
using Occupancy.Grains.Members;
using Occupancy.Grains.Notices;
using Occupancy.Grains.Tests.Support;
using Occupancy.Silo.Hosting;
using Orleans.Configuration;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace Occupancy.Grains.Tests.Notices;

/// <summary>
/// Two silo processes on Azurite; the gateway refuses everything while one silo, holding pending notices, is killed
/// (a real crash: no last write). Nobody calls the notice grains afterwards: their reminders bring them back on the
/// remaining and the restarted silo, and every notice is delivered once the gateway answers again.
/// </summary>
[Collection(SiloFailoverCollection.Name)]
public sealed class NoticeSiloKillTests(AzuriteStoreFixture store, ITestOutputHelper output)
{
    private const string StoreKey = ClusterOnAzurite.StoreKey;
    private const string Secret = "silo-kill-secret";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Notices_pending_on_a_killed_silo_are_delivered_after_the_restart_each_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        var open = false;
        receiver.Policy = (_, _) => Volatile.Read(ref open) ? ReceiverMove.Accept : ReceiverMove.Refuse;

        var builder = new TestClusterBuilder(2);
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Options.UseTestClusterMembership = false;
        builder.Properties[StoreKey] = store.ConnectionString;
        builder.Properties["Notifications:WebhookUrl"] = receiver.Url;
        builder.Properties["Notifications:Secret"] = Secret;
        builder.Properties["Notifications:RetryFirst"] = "00:00:00.200";
        builder.Properties["Notifications:RetryMax"] = "00:00:01";
        builder.Properties["Notifications:ReminderPeriod"] = "00:00:02";
        builder.Properties["Notifications:Timeout"] = "00:00:02";
        builder.CreateSiloAsync = StandaloneSiloHandle.CreateForAssembly(typeof(SiloProcess).Assembly);
        builder.AddSiloBuilderConfigurator<SiloOnAzurite>();
        builder.AddClientBuilderConfigurator<ClusterOnAzurite.Client>();
        var cluster = builder.Build();
        await using var _ = cluster;
        await cluster.DeployAsync();
        var grains = cluster.Client;

        // Urgent notices, so the real clock's quiet hours (site-local UTC here) never hold them.
        var notices = new List<Notice>();
        for (var i = 0; i < 16; i++)
        {
            var member = TestPlaces.NewId("kill");
            await grains.GetGrain<IMemberGrain>(member).DefineIfAbsent(new MemberProfile($"居民{i}", $"137{i:D8}", "kill-site"));
            notices.Add(new Notice($"cancel-{member}", member, "kill-site", NoticeKind.Cancelled, "课程取消", "Session cancelled",
                DateTimeOffset.UtcNow, Urgent: true));
        }
        await Task.WhenAll(notices.Select(n => grains.GetGrain<IMemberNoticesGrain>(n.MemberId).Enqueue(n)));
        var expected = notices.Select(n => DeliveryIds.Of(n.NoticeId, n.MemberId)).ToHashSet();
        await Eventually.Until(() => expected.All(id => receiver.AttemptsOf(id) >= 1), $"every delivery tried while the gateway refuses ({receiver})", Bound);

        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = new Dictionary<string, SiloAddress?>();
        foreach (var n in notices) hosts[n.MemberId] = await management.GetActivationAddress(grains.GetGrain<IMemberNoticesGrain>(n.MemberId));
        var victim = cluster.Silos.MaxBy(s => hosts.Values.Count(h => s.SiloAddress.Equals(h)))!;
        var onVictim = hosts.Count(h => victim.SiloAddress.Equals(h.Value));
        Assert.True(onVictim > 0, "some notice outboxes live on the silo that dies");
        output.WriteLine($"{onVictim} of {notices.Count} notice outboxes live on {victim.SiloAddress}; killing it with their notices pending.");

        var clock = Stopwatch.StartNew();
        await cluster.KillSiloAsync(victim);
        Volatile.Write(ref open, true);
        await cluster.StartAdditionalSiloAsync();
        output.WriteLine($"Killed and started a silo again in {clock.Elapsed.TotalSeconds:F1} s; the gateway answers from now on.");

        // Nothing calls the notice grains from here: only their reminders can bring the dead silo's outboxes back.
        await Eventually.Until(() => expected.All(receiver.Applied.ContainsKey), $"every pending notice delivered after the restart ({receiver})", Bound);
        output.WriteLine($"All {expected.Count} delivered {clock.Elapsed.TotalSeconds:F1} s after the kill: {receiver}.");
        var ids = notices.Select(n => n.NoticeId).ToHashSet();
        Assert.Equal(expected.Count, receiver.Applied.Values.Count(m => ids.Contains(m.NoticeId)));
        Assert.Equal(0, receiver.BadSignatures);

        foreach (var n in notices)
        {
            var listed = await Eventually.Value(
                async () => (await grains.GetGrain<IMemberNoticesGrain>(n.MemberId).List(Actor.System)).Value?.SingleOrDefault(v => v.NoticeId == n.NoticeId),
                v => v?.Status == NoticeStatus.Delivered, "the outbox recorded the delivery", Bound);
            Assert.NotNull(listed);
        }
    }

    private sealed class SiloOnAzurite : ClusterOnAzurite.Silo
    {
        protected override void ConfigureMore(ISiloBuilder silo)
        {
            silo.Services.Configure<NoticeOptions>(silo.Configuration.GetSection("Notifications"));
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        }
    }
}
