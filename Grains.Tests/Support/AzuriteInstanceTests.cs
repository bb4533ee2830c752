using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Occupancy.Testing;

namespace Occupancy.GrainsTests.Support;

/// <summary>The durability tests rely on this fixture: a private, working table store per run.</summary>
public sealed class AzuriteInstanceTests
{
    [Fact]
    public async Task An_entity_written_to_the_instance_reads_back()
    {
        await using var azurite = await AzuriteInstance.StartAsync();
        var table = new TableClient(azurite.ConnectionString, "fixturecheck");
        await table.CreateIfNotExistsAsync();

        await table.UpsertEntityAsync(new TableEntity("binjiang", "binjiang-canteen") { ["Seats"] = 60 });
        var read = await table.GetEntityAsync<TableEntity>("binjiang", "binjiang-canteen");

        Assert.Equal(60, read.Value.GetInt32("Seats"));
    }

    [Fact]
    public async Task Two_instances_have_their_own_ports_and_data()
    {
        await using var first = await AzuriteInstance.StartAsync();
        await using var second = await AzuriteInstance.StartAsync();
        Assert.NotEqual(first.Port, second.Port);

        var firstTable = new TableClient(first.ConnectionString, "isolation");
        await firstTable.CreateIfNotExistsAsync();
        await firstTable.UpsertEntityAsync(new TableEntity("fuming", "fuming-gym"));
        var secondTable = new TableClient(second.ConnectionString, "isolation");
        await secondTable.CreateIfNotExistsAsync();

        var inSecond = await secondTable.GetEntityIfExistsAsync<TableEntity>("fuming", "fuming-gym");
        Assert.False(inSecond.HasValue, "an entity written to one instance must not appear in another");
    }

    [Fact]
    public async Task An_instance_on_disk_stopped_with_SIGINT_keeps_a_write_made_just_before()
    {
        await using var azurite = await AzuriteInstance.StartOnDiskAsync();
        var table = new TableClient(azurite.ConnectionString, "restart");
        await table.CreateIfNotExistsAsync();
        // Well inside Azurite's 5 s autosave: only the save on SIGINT can keep it.
        await table.UpsertEntityAsync(new TableEntity("binjiang", "gym") { ["Occupied"] = 12 });

        await azurite.StopAsync();
        await azurite.StartAgainAsync();

        var read = await new TableClient(azurite.ConnectionString, "restart").GetEntityIfExistsAsync<TableEntity>("binjiang", "gym");
        Assert.True(read.HasValue, "a write acknowledged before SIGINT must be there after the restart");
        Assert.Equal(12, read.Value!.GetInt32("Occupied"));
    }

    [Fact]
    public async Task Disposing_the_instance_stops_Azurite()
    {
        var azurite = await AzuriteInstance.StartAsync();
        var port = azurite.Port;

        await azurite.DisposeAsync();

        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, port));
    }
}
