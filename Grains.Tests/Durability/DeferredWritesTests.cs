using Microsoft.Extensions.DependencyInjection;
using Occupancy.Grains.Access;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Tests.Booking;
using Occupancy.Grains.Tests.Support;
using Occupancy.Silo.Storage;
using Orleans.Storage;
using Orleans.TestingHost;
using static Occupancy.Grains.Tests.Support.TestPlaces;

namespace Occupancy.Grains.Tests.Durability;

/// <summary>
/// Writes nobody waits on (here: facilities, standing in for notices and ledger rows) reach the store a few at a
/// time, so a write someone waits on is never queued behind a pile of them.
/// </summary>
public sealed class DeferredWritesTests
{
    private const int InFlight = 2;

    [Fact]
    public async Task Deferred_writes_reach_the_store_a_few_at_a_time_and_others_pass_them()
    {
        var faults = new StorageFaults();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage("memory");
            silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Occupancy, (services, _) =>
                new DeferredWrites(new FaultInjectingGrainStorage(services.GetRequiredKeyedService<IGrainStorage>("memory"), faults),
                    new HashSet<string>(["facility"]), InFlight));
            silo.Services.AddOccupancyDomain();
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var grains = cluster.Client;
        var site = await SiteAsync(grains);
        var gyms = new List<IFacilityGrain>();
        for (var i = 0; i < 4; i++) gyms.Add(grains.GetGrain<IFacilityGrain>((await FacilityAsync(grains, site)).Id));
        var canteen = grains.GetGrain<ICanteenGrain>((await CanteenAsync(grains, site)).Id);

        var store = new TaskCompletionSource();
        foreach (var gym in gyms) faults.HoldWrites(gym.GetGrainId(), store.Task);
        var entries = gyms.Select(gym => gym.RecordEntries(new HeadcountChange(1), Actor.System)).ToArray();
        int AtTheStore() => gyms.Sum(gym => faults.WaitingOf(gym.GetGrainId()));
        await Eventually.Until(() => AtTheStore() == InFlight, $"{InFlight} of the 4 facility writes reach the store");

        // A write that is not deferred goes straight through while the deferred ones wait.
        Accepted(await canteen.SetTable(new TableOccupancy("t01", 2), Actor.System));
        Assert.Equal(InFlight, AtTheStore());

        store.SetResult();
        foreach (var entry in entries) Assert.Equal(1, Accepted(await entry).Occupied);
    }
}
