using Occupancy.Grains.Access;
using Occupancy.Grains.Notices;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Notices;

/// <summary>
/// A site's notices of the day through the real Azure Table provider on Azurite. A busy day once made the list
/// outgrow the store's limit for one entity ("Data too large to write", in a chaos run of 4,000 bookings): every
/// report after that failed, and the members' outboxes retried it forever.
/// </summary>
[Collection(DurabilityCollection.Name)]
public sealed class SiteNoticesSizeTests(AzuriteStoreFixture store)
{
    private static readonly string Key = SiteNoticesKey.Of("binjiang", new DateOnly(2026, 12, 3));
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 0, 0, 0, TimeSpan.FromHours(8));

    /// <summary>A service of its own per test: a fresh row in the shared store.</summary>
    private static string NewServiceId() => $"svc-{Guid.NewGuid():N}"[..16];

    [Fact]
    public async Task A_busy_days_list_keeps_being_written_with_its_newest_notices_and_reads_back_after_a_restart()
    {
        var serviceId = NewServiceId();
        const int Notices = 1_500;
        await using (var cluster = await StoreCluster.StartAsync(store.ConnectionString, serviceId))
        {
            var list = cluster.Client.GetGrain<ISiteNoticesGrain>(Key);
            // Members' outboxes report in small batches, as they do after each delivery.
            foreach (var batch in Enumerable.Range(0, Notices).Select(i => Notice(i)).Chunk(25))
                await list.Report(batch);
        }

        await using var restarted = await StoreCluster.StartAsync(store.ConnectionString, serviceId);
        var listed = (await restarted.Client.GetGrain<ISiteNoticesGrain>(Key).List(Actor.StaffOf("desk", "binjiang"))).Value!;
        Assert.InRange(listed.Count, 100, Notices - 1);
        // The newest are the ones kept, without a gap.
        Assert.Equal(Enumerable.Range(Notices - listed.Count, listed.Count).Reverse().Select(i => $"n-{i:D5}"), listed.Select(n => n.NoticeId));
    }

    [Fact]
    public async Task Reports_arriving_together_share_writes_and_every_one_is_listed_after_a_restart()
    {
        var serviceId = NewServiceId();
        const int Notices = 300;
        await using (var cluster = await StoreCluster.StartAsync(store.ConnectionString, serviceId))
        {
            var list = cluster.Client.GetGrain<ISiteNoticesGrain>(Key);
            // A busy moment: every member's outbox reports its one notice at once.
            await Task.WhenAll(Enumerable.Range(0, Notices).Select(i => list.Report([Notice(i)])));
            var writes = await list.WriteCount();
            Assert.Equal(Notices, writes.Changes);
            // One write per report (the whole list each time) is what made a busy site's store fall behind.
            Assert.True(writes.Writes <= Notices / 3, $"{writes.Writes} writes for {Notices} reports that arrived together");
        }

        await using var restarted = await StoreCluster.StartAsync(store.ConnectionString, serviceId);
        var listed = (await restarted.Client.GetGrain<ISiteNoticesGrain>(Key).List(Actor.StaffOf("desk", "binjiang"))).Value!;
        Assert.Equal(Enumerable.Range(0, Notices).Reverse().Select(i => $"n-{i:D5}"), listed.Select(n => n.NoticeId));
    }

    [Fact]
    public async Task A_steady_stream_of_reports_is_written_at_most_once_a_second()
    {
        var serviceId = NewServiceId();
        const int Outboxes = 30, ReportsEach = 4;
        await using var cluster = await StoreCluster.StartAsync(store.ConnectionString, serviceId);
        var list = cluster.Client.GetGrain<ISiteNoticesGrain>(Key);

        // Each outbox reports its notices one after another, as members' outboxes do through a busy lunch; the list is
        // rewritten whole, so each write it can spare is store time for bookings.
        var began = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Outboxes).Select(async outbox =>
        {
            for (var i = 0; i < ReportsEach; i++) await list.Report([Notice(outbox * ReportsEach + i)]);
        }));
        var elapsed = began.Elapsed;

        var writes = await list.WriteCount();
        Assert.Equal(Outboxes * ReportsEach, writes.Changes);
        var mostWrites = (long)Math.Ceiling(elapsed / SiteNoticesGrain.WritePace) + 1;
        Assert.True(writes.Writes <= mostWrites, $"{writes.Writes} writes in {elapsed.TotalSeconds:F1} s (at most {mostWrites} at one a second)");
        Assert.Equal(Outboxes * ReportsEach, (await list.List(Actor.StaffOf("desk", "binjiang"))).Value!.Count);
    }

    private static NoticeView Notice(int i) =>
        new($"n-{i:D5}", $"m-{i % 900:D4}", "binjiang", NoticeKind.BookingConfirmed,
            "预约成功：「太极拳（周三班）」，12月9日（周三）09:00，地点：多功能厅。", "Booked: \"Tai chi\" on Wed 9 Dec, 09:00, at the hall.",
            Start.AddSeconds(i), Start.AddDays(6), false, null, NoticeStatus.Listed,
            [new NoticeDeliveryView($"d-{i:D32}", $"m-{i % 900:D4}", "139****0847", NoticeStatus.Listed, 0, null, null, null)], 3);
}
