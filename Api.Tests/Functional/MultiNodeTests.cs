using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Api.Tests.Functional;

/// <summary>Api nodes need no backplane: a change written through one node reaches watchers on another.</summary>
[Collection(ApiCollection.Name)]
public sealed class MultiNodeTests(ApiFixture api)
{
    [Fact]
    public async Task A_watcher_on_one_node_hears_a_change_made_through_another()
    {
        var (_, _, _, canteen) = await Catalog.CreateSite(api);
        await using var secondNode = api.StartNode();
        await using var onSecond = await Watcher.Connect(api.Hub(secondNode));
        await using var onFirst = await Watcher.Connect(api.Hub());
        var topic = $"canteen:{canteen}";
        var before = (await onSecond.Watch(topic)).GetProperty("version").GetInt64();
        await onFirst.Watch(topic);

        await api.PutJson($"/api/canteens/{canteen}/tables/t02", new { occupied = 4 }, 200);

        var heardOnSecond = await onSecond.NextPush(topic, s => s.GetProperty("occupiedSeats").GetInt32() == 4, "the change on the second node");
        var heardOnFirst = await onFirst.NextPush(topic, s => s.GetProperty("occupiedSeats").GetInt32() == 4, "the change on the first node");
        Assert.True(heardOnSecond.GetProperty("version").GetInt64() > before);
        Assert.Equal(heardOnFirst.GetProperty("version").GetInt64(), heardOnSecond.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task When_the_last_local_watcher_leaves_the_node_stops_watching()
    {
        var (_, _, court, _) = await Catalog.CreateSite(api);
        var relay = api.Api.Services.GetRequiredService<Live.LiveRelay>();
        var topic = $"facility:{court}";
        await using (var first = await Watcher.Connect(api.Hub()))
        await using (var second = await Watcher.Connect(api.Hub()))
        {
            await first.Watch(topic);
            await second.Watch(topic);
            Assert.True(relay.IsWatched(topic));
            await first.Hub.InvokeAsync("Unwatch", topic);
            Assert.True(relay.IsWatched(topic), "one local watcher is left");
        }

        await Eventually.Until(() => !relay.IsWatched(topic), "the node to drop the topic once both watchers left");
    }
}
