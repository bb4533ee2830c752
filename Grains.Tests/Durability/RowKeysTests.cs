using Azure.Data.Tables;
using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Tests.Support;
using Occupancy.Silo.Storage;
using Orleans.TestingHost;
using static Occupancy.Grains.Tests.Support.TestPlaces;

namespace Occupancy.Grains.Tests.Durability;

/// <summary>
/// How grain state rows are keyed on the real table provider: a row key of its own for each grain in a new store
/// (Azurite walks every row that shares one), and the old keys kept in a store that already has them.
/// </summary>
[Collection(DurabilityCollection.Name)]
public sealed class RowKeysTests(AzuriteStoreFixture store)
{
    private const string GrainState = "OrleansGrainState";

    [Fact]
    public async Task A_new_store_keys_each_grain_row_of_its_own_and_reads_it_back_after_a_restart()
    {
        var serviceId = NewId("svc");
        string gymA, gymB;
        await using (var first = await StoreCluster.StartAsync(store.ConnectionString, serviceId))
        {
            var site = await SiteAsync(first.Client);
            gymA = (await FacilityAsync(first.Client, site)).Id;
            gymB = (await FacilityAsync(first.Client, site)).Id;
            Accepted(await first.Client.GetGrain<IFacilityGrain>(gymA).RecordEntries(new HeadcountChange(7), Actor.System));
        }

        var rows = await RowsAsync(serviceId);
        var facilityKeys = rows.Where(r => r.Grain.EndsWith(gymA, StringComparison.Ordinal) || r.Grain.EndsWith(gymB, StringComparison.Ordinal))
            .Select(r => r.RowKey).ToArray();
        Assert.Equal(2, facilityKeys.Length);
        Assert.All(facilityKeys, key => Assert.Matches("^facility\\.[0-9a-f]{16}$", key));
        Assert.NotEqual(facilityKeys[0], facilityKeys[1]);
        Assert.DoesNotContain(rows, r => r.RowKey == "facility");
        Assert.Equal(nameof(RowKeys.PerGrain), await RecordedLayoutAsync(serviceId));

        await using var second = await StoreCluster.StartAsync(store.ConnectionString, serviceId);
        Assert.Equal(7, (await second.Client.GetGrain<IFacilityGrain>(gymA).Get())!.Occupied);
    }

    [Fact]
    public async Task A_store_keyed_by_state_before_keeps_its_rows_where_they_are()
    {
        var serviceId = NewId("svc");
        string gym;
        await using (var before = await StartKeyedByStateAsync(serviceId))
        {
            gym = (await FacilityAsync(before.Client, await SiteAsync(before.Client))).Id;
            Accepted(await before.Client.GetGrain<IFacilityGrain>(gym).RecordEntries(new HeadcountChange(4), Actor.System));
        }
        Assert.Contains(await RowsAsync(serviceId), r => r.Grain.EndsWith(gym, StringComparison.Ordinal) && r.RowKey == "facility");

        await using (var now = await StoreCluster.StartAsync(store.ConnectionString, serviceId))
        {
            var facility = now.Client.GetGrain<IFacilityGrain>(gym);
            Assert.Equal(4, (await facility.Get())!.Occupied);
            Accepted(await facility.RecordEntries(new HeadcountChange(2), Actor.System));
        }

        var gymRows = (await RowsAsync(serviceId)).Where(r => r.Grain.EndsWith(gym, StringComparison.Ordinal)).Select(r => r.RowKey);
        Assert.Equal(["facility"], gymRows);
        Assert.Equal(nameof(RowKeys.PerState), await RecordedLayoutAsync(serviceId));
        await using var again = await StoreCluster.StartAsync(store.ConnectionString, serviceId);
        Assert.Equal(6, (await again.Client.GetGrain<IFacilityGrain>(gym).Get())!.Occupied);
    }

    /// <summary>A silo with Orleans' table provider as it is, the way stores were written before the per-grain keys.</summary>
    private async Task<InProcessTestCluster> StartKeyedByStateAsync(string serviceId)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddAzureTableGrainStorage(StorageNames.Occupancy, o =>
            {
                o.TableServiceClient = StorageClients.Tables(store.ConnectionString);
                o.DeleteStateOnClear = true;
            });
            silo.Services.AddOccupancyDomain();
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private async Task<List<(string Grain, string RowKey)>> RowsAsync(string serviceId)
    {
        var table = new TableClient(store.ConnectionString, GrainState);
        var rows = new List<(string, string)>();
        await foreach (var row in table.QueryAsync<TableEntity>(r => r.PartitionKey.CompareTo(serviceId + "_") >= 0 && r.PartitionKey.CompareTo(serviceId + "`") < 0,
                           select: ["PartitionKey", "RowKey"]))
        {
            rows.Add((row.PartitionKey, row.RowKey));
        }
        return rows;
    }

    private async Task<string?> RecordedLayoutAsync(string serviceId)
    {
        var record = await new TableClient(store.ConnectionString, GrainState).GetEntityIfExistsAsync<TableEntity>(StoreLayout.Partition(serviceId), "layout");
        return record.HasValue ? record.Value!.GetString("RowKeys") : null;
    }

}
