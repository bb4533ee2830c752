using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Occupancy.Api.Tests.Support;

namespace Occupancy.Api.Tests.Functional;

[Collection(ApiCollection.Name)]
public sealed class HubTests(ApiFixture api) : IAsyncLifetime
{
    private Watcher _watcher = null!;

    private HubConnection _hub => _watcher.Hub;

    public async Task InitializeAsync() => _watcher = await Watcher.Connect(api.Hub());

    public async Task DisposeAsync() => await _watcher.DisposeAsync();

    [Fact]
    public async Task A_watcher_hears_a_table_change_with_a_higher_version()
    {
        var (_, _, _, canteen) = await Catalog.CreateSite(api);
        var topic = $"canteen:{canteen}";
        var watched = await _hub.InvokeAsync<JsonElement>("Watch", topic);
        var version = watched.GetProperty("version").GetInt64();
        Assert.Equal(canteen, watched.GetProperty("id").GetString());

        await api.PutJson($"/api/canteens/{canteen}/tables/t01", new { occupied = 3 }, 200);

        var pushed = await NextPush(topic, s => s.GetProperty("occupiedSeats").GetInt32() == 3, "a push with 3 seats taken");
        Assert.True(pushed.GetProperty("version").GetInt64() > version);
        Assert.Equal(7, pushed.GetProperty("freeSeats").GetInt32());
    }

    [Fact]
    public async Task Watched_topics_are_sent_again_without_changes_within_the_contracts_20_seconds()
    {
        var (_, _, court, _) = await Catalog.CreateSite(api);
        var topic = $"facility:{court}";
        // A node with the shipped heartbeat (the fixture's nodes re-send far slower than any test waits).
        await using var node = api.StartNode(defaultLiveTimings: true);
        await using var watcher = await Watcher.Connect(api.Hub(node));
        var watched = await watcher.Watch(topic);

        // The contract: at least every 20 s. A little longer is allowed for a busy test machine, not a second period.
        var again = await watcher.NextPush(topic, _ => true, "the heartbeat re-send of an unchanged topic", TimeSpan.FromSeconds(25));

        Assert.Equal(watched.GetProperty("version").GetInt64(), again.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task The_heartbeat_reaches_every_watcher_of_a_topic_when_it_goes_out_a_slice_of_watchers_at_a_time()
    {
        var (_, _, court, _) = await Catalog.CreateSite(api);
        var topic = $"facility:{court}";
        // Slices of 2 watchers: 5 watchers take three sends, spread over the round.
        await using var node = api.StartNode(defaultLiveTimings: true, new Dictionary<string, string> { ["Live:HeartbeatSlice"] = "2" });
        var watchers = new List<Watcher>();
        try
        {
            for (var i = 0; i < 5; i++) watchers.Add(await Watcher.Connect(api.Hub(node)));
            var versions = await Task.WhenAll(watchers.Select(w => w.Watch(topic)));

            var again = await Task.WhenAll(watchers.Select(w =>
                w.NextPush(topic, _ => true, "the heartbeat re-send to a watcher in any slice", TimeSpan.FromSeconds(25))));

            Assert.All(again, (push, i) => Assert.Equal(versions[i].GetProperty("version").GetInt64(), push.GetProperty("version").GetInt64()));
        }
        finally
        {
            foreach (var w in watchers) await w.DisposeAsync();
        }
    }

    [Fact]
    public async Task WatchMany_answers_snapshots_in_order_and_site_pushes_follow_their_parts()
    {
        var (site, gym, court, canteen) = await Catalog.CreateSite(api);

        var snapshots = await _hub.InvokeAsync<JsonElement[]>("WatchMany", new[] { $"site:{site}", $"facility:{gym}", $"canteen:{canteen}" });

        Assert.Equal([site, gym, canteen], snapshots.Select(s => s.GetProperty("id").GetString()));
        for (var i = 0; i < 20; i++) await api.PostJson($"/api/facilities/{court}/entries", new { count = 1 }, 200);
        await NextPush($"site:{site}", s => s.GetProperty("totals").GetProperty("occupied").GetInt32() == 20, "the site's push after a burst of 20 entries");
    }

    [Theory]
    [InlineData("canteen:Not_An_Id", "invalid-id")]
    [InlineData("pool:abc", "invalid-request")]
    [InlineData("nonsense", "invalid-request")]
    public async Task Bad_topics_fail_with_the_problem_code(string topic, string code)
    {
        var error = await Assert.ThrowsAsync<HubException>(() => _hub.InvokeAsync<JsonElement>("Watch", topic));
        Assert.StartsWith($"{code}: ", error.Message);
    }

    [Fact]
    public async Task Watching_an_unknown_id_is_not_found_and_creates_nothing()
    {
        var id = Catalog.NewId("ghost");

        var error = await Assert.ThrowsAsync<HubException>(() => _hub.InvokeAsync<JsonElement>("Watch", $"canteen:{id}"));

        Assert.StartsWith("not-found: ", error.Message);
        await api.GetJson($"/api/canteens/{id}", 404);
    }

    private Task<JsonElement> NextPush(string topic, Func<JsonElement, bool> wanted, string what) => _watcher.NextPush(topic, wanted, what);
}
