using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Durability;

/// <summary>The store client's fast-fail (StoreCircuit) against a real Azurite behind a relay that can hang connections.</summary>
[Collection(DurabilityCollection.Name)]
public sealed class StoreCircuitTests(AzuriteStoreFixture store)
{
    /// <summary>
    /// An overloaded store leaves one request unanswered past its timeout while it still answers the others. That
    /// write must be retried and land; before, the one late answer opened the circuit and failed it (and every other
    /// write for two seconds) as storage-unavailable.
    /// </summary>
    [Fact]
    public async Task A_write_whose_connection_hangs_while_the_store_answers_others_lands_on_its_retry()
    {
        await using var link = StoreLink.Open(store.Azurite.Port);
        var connection = link.Route(store.ConnectionString);
        var table = StorageClients.Tables(connection).GetTableClient($"circuit{Guid.NewGuid():N}"[..16]);
        await table.CreateIfNotExistsAsync();
        await table.UpsertEntityAsync(new TableEntity("site", "warm"));

        // The only pooled connection to the link now swallows what it is sent: the next write on it goes unanswered.
        link.HangOpenConnections();
        var write = table.UpsertEntityAsync(new TableEntity("site", "late") { ["Seats"] = 8 });

        // Others keep getting answers meanwhile, on connections of their own, through the same store's circuit.
        var options = new TableClientOptions { Transport = new HttpClientTransport(new HttpClient()) };
        options.AddPolicy(StoreCircuit.For(connection), Azure.Core.HttpPipelinePosition.PerRetry);
        var reader = new TableClient(connection, table.Name, options);
        var answered = 0;
        while (!write.IsCompleted)
        {
            try
            {
                await reader.GetEntityAsync<TableEntity>("site", "warm");
                answered++;
            }
            catch (Azure.RequestFailedException)
            {
                // With the old rule the circuit fails these too; the write's own outcome is what is asserted.
            }
        }

        var response = await write;
        Assert.False(response.IsError, $"the late write was answered {response.Status}");
        Assert.True(answered > 0, "the store answered other requests while the write's connection hung");
        var stored = await table.GetEntityAsync<TableEntity>("site", "late");
        Assert.Equal(8, stored.Value.GetInt32("Seats"));
    }
}
