using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Tests.Support;
using Xunit.Abstractions;
using static Occupancy.Grains.Tests.Support.TestPlaces;

namespace Occupancy.Grains.Tests.Durability;

/// <summary>Table updates sent to one canteen at once share writes through the real Azure Table provider on Azurite.</summary>
[Collection(DurabilityCollection.Name)]
public sealed class CanteenBatchDurabilityTests(AzuriteStoreFixture store, ITestOutputHelper output)
{
    private const int Updates = 40;

    /// <summary>Open all day, so the real clock cannot open or close the canteen between two reads.</summary>
    private static readonly MealHours[] AllDay = [new(Meal.Lunch, "00:00", "24:00")];

    [Fact]
    public async Task Concurrent_updates_are_all_acknowledged_in_fewer_writes_and_all_are_in_the_store()
    {
        await using var cluster = await StoreCluster.StartAsync(store.ConnectionString, NewId("svc"));
        var grains = cluster.Client;
        var defined = await CanteenAsync(grains, await SiteAsync(grains), AllDay);
        var canteen = grains.GetGrain<ICanteenGrain>(defined.Id);
        var before = await canteen.WriteCount();

        var updates = Enumerable.Range(0, Updates).Select(i => new TableOccupancy(TenSeats[i % 3].Id, i % 3 == 1 ? i % 3 : i % 5)).ToArray();
        var answers = (await Task.WhenAll(updates.Select(u => canteen.SetTable(u, Actor.System)))).Select(Accepted).ToArray();

        var after = await canteen.WriteCount();
        output.WriteLine($"{Updates} concurrent updates: {after.Writes - before.Writes} writes.");
        Assert.Equal(Updates, after.Changes - before.Changes);
        Assert.True(after.Writes - before.Writes < Updates, $"{after.Writes - before.Writes} writes for {Updates} updates: no batching");

        // What stays per table is the update the canteen received last (the highest version), and it is in the store.
        var expected = TenSeats.Select(t => (t.Id, updates[Enumerable.Range(0, Updates).Where(i => updates[i].TableId == t.Id).MaxBy(i => answers[i].Version)].Occupied)).ToArray();
        var newest = answers.Max(a => a.Version);
        await cluster.DeactivateAsync(canteen);
        var reread = (await canteen.Get())!;
        Assert.Equal(newest, reread.Version);
        Assert.Equal(expected, reread.Tables.Select(t => (t.Id, t.Occupied)));
    }

    [Fact]
    public async Task A_failed_write_answers_every_update_waiting_on_it_storage_unavailable_and_keeps_none_of_them()
    {
        await using var link = StoreLink.Open(store.Azurite.Port);
        await using var cluster = await StoreCluster.StartAsync(link.Route(store.ConnectionString), NewId("svc"));
        var grains = cluster.Client;
        var defined = await CanteenAsync(grains, await SiteAsync(grains), AllDay);
        var canteen = grains.GetGrain<ICanteenGrain>(defined.Id);
        var acknowledged = Accepted(await canteen.SetTable(new TableOccupancy("t01", 2), Actor.System));

        link.Cut();
        var burst = Enumerable.Range(0, Updates).Select(i => canteen.SetTable(new TableOccupancy(TenSeats[i % 3].Id, 1 + i % 2), Actor.System)).ToArray();
        var errors = new List<Exception?>();
        foreach (var update in burst) errors.Add(await Record.ExceptionAsync(() => update));
        output.WriteLine($"{Updates} updates sent at once to the cut store: {string.Join(", ", errors.GroupBy(e => e?.GetType().Name ?? "acknowledged").Select(g => $"{g.Key} ×{g.Count()}"))}.");
        Assert.All(errors, e => Assert.IsType<StorageUnavailableException>(e));

        // None of them is in memory, nor in the store once it is back.
        var now = (await canteen.Get())!;
        Assert.Equal((acknowledged.Version, 2), (now.Version, now.OccupiedSeats));
        link.Restore();
        await cluster.DeactivateAsync(canteen);
        var reread = await Eventually.Value(() => ReadOrNull(canteen.Get), c => c is not null, "the canteen reads again once the store is back");
        Assert.Equal((acknowledged.Version, 2), (reread!.Version, reread.OccupiedSeats));
        Assert.Equal([("t01", 2), ("t02", 0), ("t03", 0)], reread.Tables.Select(t => (t.Id, t.Occupied)));

        // And the next burst is acknowledged, going on from the acknowledged version.
        var next = await Eventually.Value(
            () => ReadOrNull(async () => (CanteenSnapshot?)Accepted(await canteen.SetTable(new TableOccupancy("t03", 4), Actor.System))),
            c => c is not null, "an update lands once the store is back");
        Assert.True(next!.Version > acknowledged.Version);
        Assert.Equal(6, next.OccupiedSeats);
    }

    /// <summary>Reactivating a grain fails while the store is still coming back; that is not yet an answer.</summary>
    private static async Task<T?> ReadOrNull<T>(Func<Task<T?>> read) where T : class
    {
        try
        {
            return await read();
        }
        catch (Exception)
        {
            return null;
        }
    }
}
