using Azure.Data.Tables;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Durability;

/// <summary>
/// Cluster membership's own store client against a real Azurite that answers every request, but late: the load of a
/// recovery after a silo kill made it so, and a restarted silo then gave up joining after three tries of the request
/// client's 4 s. Membership rows must land there; a user's request still fails fast (503, retry with the same key).
/// </summary>
[Collection(DurabilityCollection.Name)]
public sealed class MembershipStoreTests(AzuriteStoreFixture store)
{
    [Fact]
    public async Task A_membership_row_lands_while_the_store_answers_later_than_a_requests_timeout()
    {
        await using var link = StoreLink.Open(store.Azurite.Port);
        var connection = link.Route(store.ConnectionString);
        var name = $"members{Guid.NewGuid():N}"[..16];
        await StorageClients.Membership(connection).GetTableClient(name).CreateIfNotExistsAsync();

        link.DelayAnswers(TimeSpan.FromSeconds(5));
        var membership = StorageClients.Membership(connection).GetTableClient(name);
        var requests = StorageClients.Tables(connection).GetTableClient(name);

        await Assert.ThrowsAnyAsync<Exception>(() => requests.UpsertEntityAsync(new TableEntity("cluster", "by-a-request")));
        var response = await membership.UpsertEntityAsync(new TableEntity("cluster", "silo-1") { ["Status"] = "Joining" });

        Assert.False(response.IsError, $"the membership write was answered {response.Status}");
        link.Restore();
        var stored = await membership.GetEntityAsync<TableEntity>("cluster", "silo-1");
        Assert.Equal("Joining", stored.Value.GetString("Status"));
    }
}
