using System.Diagnostics;
using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Sites;
using Occupancy.Grains.Tests.Support;
using Xunit.Abstractions;
using static Occupancy.Grains.Tests.Support.TestPlaces;

namespace Occupancy.Grains.Tests.Durability;

/// <summary>State kept through the real Azure Table provider on Azurite.</summary>
[Collection(DurabilityCollection.Name)]
public sealed class DurabilityTests(AzuriteStoreFixture store, ITestOutputHelper output)
{
    private static readonly ZoneDefinition[] MachinesAndFloor =
        [new("machines", "器械区", 25), new("floor", "自由区", 15)];

    /// <summary>Open all day, so the real clock cannot open or close the canteen between two reads.</summary>
    private static readonly MealHours[] AllDay = [new(Meal.Lunch, "00:00", "24:00")];

    [Fact]
    public async Task State_survives_deactivation_and_a_full_cluster_restart()
    {
        var serviceId = NewId("svc");
        string siteId, gymId, canteenId;
        FacilitySnapshot gymBefore;
        CanteenSnapshot canteenBefore;
        SiteSnapshot siteBefore;

        await using (var first = await StoreCluster.StartAsync(store.ConnectionString, serviceId))
        {
            var grains = first.Client;
            siteId = await SiteAsync(grains);
            gymId = (await FacilityAsync(grains, siteId, capacity: 40, zones: MachinesAndFloor)).Id;
            canteenId = (await CanteenAsync(grains, siteId, AllDay)).Id;
            var gym = grains.GetGrain<IFacilityGrain>(gymId);
            var canteen = grains.GetGrain<ICanteenGrain>(canteenId);

            Accepted(await gym.RecordEntries(new HeadcountChange(9, "machines", EventId: "gate1-0001"), Actor.System));
            Accepted(await gym.RecordEntries(new HeadcountChange(3, "floor"), Actor.System));
            Accepted(await canteen.SetTable(new TableOccupancy("t01", 3), Actor.System));
            Accepted(await canteen.SetTable(new TableOccupancy("t03", 4), Actor.System));
            gymBefore = (await gym.Get())!;
            canteenBefore = (await canteen.Get())!;
            siteBefore = await Eventually.Value(async () => (await grains.GetGrain<ISiteGrain>(siteId).Get())!,
                s => s.Totals.Occupied == 19, "the site totals 12 in the gym and 7 at the tables");

            await first.DeactivateAsync(gym);
            await first.DeactivateAsync(canteen);
            AssertSameGym(gymBefore, (await gym.Get())!);
            AssertSameCanteen(canteenBefore, (await canteen.Get())!);
        }

        await using var second = await StoreCluster.StartAsync(store.ConnectionString, serviceId);
        var again = second.Client;
        var gymAgain = again.GetGrain<IFacilityGrain>(gymId);
        AssertSameGym(gymBefore, (await gymAgain.Get())!);
        AssertSameCanteen(canteenBefore, (await again.GetGrain<ICanteenGrain>(canteenId).Get())!);
        var siteAgain = (await again.GetGrain<ISiteGrain>(siteId).Get())!;
        Assert.Equal(siteBefore.Version, siteAgain.Version);
        Assert.Equal(siteBefore.Totals, siteAgain.Totals);
        Assert.Equal(new[] { gymId }, siteAgain.Facilities.Select(f => f.Id));

        // The sensor event seen before the restart is still remembered; the next change goes on from the old version.
        var resent = Accepted(await gymAgain.RecordEntries(new HeadcountChange(9, "machines", EventId: "gate1-0001"), Actor.System));
        Assert.Equal((12, gymBefore.Version), (resent.Occupied, resent.Version));
        var next = Accepted(await gymAgain.RecordEntries(new HeadcountChange(1, "floor"), Actor.System));
        Assert.Equal(13, next.Occupied);
        Assert.True(next.Version > gymBefore.Version, $"version {next.Version} after the restart, {gymBefore.Version} before");
    }

    [Fact]
    public async Task A_write_the_store_refuses_answers_storage_unavailable_within_seconds_and_is_not_kept()
    {
        await using var link = StoreLink.Open(store.Azurite.Port);
        await using var cluster = await StoreCluster.StartAsync(link.Route(store.ConnectionString), NewId("svc"));
        var grains = cluster.Client;
        var siteId = await SiteAsync(grains);
        var gym = grains.GetGrain<IFacilityGrain>((await FacilityAsync(grains, siteId)).Id);
        var canteen = grains.GetGrain<ICanteenGrain>((await CanteenAsync(grains, siteId, AllDay)).Id);
        var gymAcknowledged = Accepted(await gym.RecordEntries(new HeadcountChange(5), Actor.System));
        var canteenAcknowledged = Accepted(await canteen.SetTable(new TableOccupancy("t01", 2), Actor.System));

        link.Cut();
        var gymAnswer = await TimeFailureAsync(() => gym.RecordEntries(new HeadcountChange(3), Actor.System));
        var canteenAnswer = await TimeFailureAsync(() => canteen.SetTable(new TableOccupancy("t01", 4), Actor.System));
        output.WriteLine($"Store refusing connections: entries answered storage-unavailable in {gymAnswer.TotalMilliseconds:F0} ms, " +
                         $"a table in {canteenAnswer.TotalMilliseconds:F0} ms.");

        link.Restore();
        var gymNow = await Eventually.Value(() => ReadOrNull(gym.Get), g => g is not null, "the gym reads again once the store is back");
        Assert.Equal((5, gymAcknowledged.Version), (gymNow!.Occupied, gymNow.Version));
        var canteenNow = (await canteen.Get())!;
        Assert.Equal((2, canteenAcknowledged.Version), (canteenNow.OccupiedSeats, canteenNow.Version));
        var site = (await grains.GetGrain<ISiteGrain>(siteId).Get())!;
        Assert.Equal(7, site.Totals.Occupied);

        // Writes queued behind a failing one must not run on its unacknowledged state either.
        link.Cut();
        var burst = Enumerable.Range(0, 3).Select(_ => gym.RecordEntries(new HeadcountChange(2), Actor.System)).ToArray();
        var errors = new List<Exception>();
        foreach (var write in burst) errors.Add((await Record.ExceptionAsync(() => write))!);
        Assert.All(errors, Assert.NotNull);
        output.WriteLine($"Three writes sent at once to the cut store: {string.Join(", ", errors.Select(e => e.GetType().Name))}.");
        // The grain stays active and back at its acknowledged state: each write is tried, and each is storage-unavailable.
        Assert.All(errors, e => Assert.IsType<StorageUnavailableException>(e));
        Assert.Equal((5, gymAcknowledged.Version), ((await gym.Get())!.Occupied, (await gym.Get())!.Version));
        link.Restore();
        gymNow = await Eventually.Value(() => ReadOrNull(gym.Get), g => g is not null, "the gym reads again once the store is back");
        Assert.Equal((5, gymAcknowledged.Version), (gymNow!.Occupied, gymNow.Version));

        // The store is tried again a moment after its last failure (StorageClients' circuit): wait for a write to land.
        var afterwards = await Eventually.Value(
            () => ReadOrNull(async () => (FacilitySnapshot?)Accepted(await gym.RecordEntries(new HeadcountChange(1, EventId: "after-the-cut"), Actor.System))),
            g => g is not null, "a write lands once the store is back");
        Assert.Equal(6, afterwards!.Occupied);
        Assert.True(afterwards.Version > gymAcknowledged.Version);
    }

    [Fact]
    public async Task A_write_the_store_never_answers_is_storage_unavailable_and_is_not_kept()
    {
        await using var link = StoreLink.Open(store.Azurite.Port);
        await using var cluster = await StoreCluster.StartAsync(link.Route(store.ConnectionString), NewId("svc"));
        var grains = cluster.Client;
        var gym = grains.GetGrain<IFacilityGrain>((await FacilityAsync(grains, await SiteAsync(grains))).Id);
        var acknowledged = Accepted(await gym.RecordEntries(new HeadcountChange(5), Actor.System));

        link.Stall();
        var answer = await TimeFailureAsync(() => gym.RecordEntries(new HeadcountChange(3), Actor.System));
        output.WriteLine($"Store stalled: entries answered storage-unavailable in {answer.TotalMilliseconds:F0} ms.");

        link.Restore();
        var now = await Eventually.Value(() => ReadOrNull(gym.Get), g => g is not null, "the gym reads again once the store is back");
        Assert.Equal((5, acknowledged.Version), (now!.Occupied, now.Version));
    }

    /// <summary>
    /// The answer is storage-unavailable, not Orleans' 30 s response timeout (a TimeoutException would fail the
    /// assertion); how long it took is reported, never asserted.
    /// </summary>
    private static async Task<TimeSpan> TimeFailureAsync<T>(Func<Task<T>> write)
    {
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<StorageUnavailableException>(write);
        return watch.Elapsed;
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

    private static void AssertSameGym(FacilitySnapshot expected, FacilitySnapshot actual)
    {
        Assert.Equal((12, expected.Version, expected.UpdatedAt), (actual.Occupied, actual.Version, actual.UpdatedAt));
        Assert.Equal(expected.Zones.Select(z => (z.Id, z.Occupied)), actual.Zones.Select(z => (z.Id, z.Occupied)));
        Assert.Equal([("machines", 9), ("floor", 3)], actual.Zones.Select(z => (z.Id, z.Occupied)));
    }

    private static void AssertSameCanteen(CanteenSnapshot expected, CanteenSnapshot actual)
    {
        Assert.Equal((7, expected.Version, expected.UpdatedAt), (actual.OccupiedSeats, actual.Version, actual.UpdatedAt));
        Assert.Equal([("t01", 3), ("t02", 0), ("t03", 4)], actual.Tables.Select(t => (t.Id, t.Occupied)));
    }
}
