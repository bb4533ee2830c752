using Occupancy.Api.Tests.Support;

namespace Occupancy.Api.Tests.Functional;

[Collection(ApiCollection.Name)]
public sealed class CanteensApiTests(ApiFixture api)
{
    [Fact]
    public async Task Putting_a_table_updates_free_seats_and_the_table()
    {
        var (_, _, _, canteen) = await Catalog.CreateSite(api);

        var snapshot = await api.PutJson($"/api/canteens/{canteen}/tables/t02", new { occupied = 6 }, 200);

        Assert.Equal(10, snapshot.GetProperty("seats").GetInt32());
        Assert.Equal(6, snapshot.GetProperty("occupiedSeats").GetInt32());
        Assert.Equal(4, snapshot.GetProperty("freeSeats").GetInt32());
        Assert.True(snapshot.GetProperty("open").GetBoolean());
        Assert.Equal("busy", snapshot.GetProperty("level").GetString());
        var table = snapshot.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "t02");
        Assert.Equal(6, table.GetProperty("occupied").GetInt32());
        Assert.True(snapshot.GetProperty("tables")[0].GetProperty("accessible").GetBoolean());
    }

    [Fact]
    public async Task A_table_cannot_hold_more_than_its_seats_or_fewer_than_none()
    {
        var (_, _, _, canteen) = await Catalog.CreateSite(api);
        var before = await api.GetJson($"/api/canteens/{canteen}");

        var over = await api.PutJson($"/api/canteens/{canteen}/tables/t01", new { occupied = 5 }, 400);
        var negative = await api.PutJson($"/api/canteens/{canteen}/tables/t01", new { occupied = -1 }, 400);

        Assert.Equal("over-capacity", over.GetProperty("code").GetString());
        Assert.Equal("invalid-request", negative.GetProperty("code").GetString());
        var after = await api.GetJson($"/api/canteens/{canteen}");
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Unknown_tables_and_canteens_are_404()
    {
        var (_, _, _, canteen) = await Catalog.CreateSite(api);

        Assert.Equal("not-found", (await api.PutJson($"/api/canteens/{canteen}/tables/t99", new { occupied = 1 }, 404)).GetProperty("code").GetString());
        Assert.Equal("not-found", (await api.GetJson($"/api/canteens/{Catalog.NewId("none")}", 404)).GetProperty("code").GetString());
        Assert.Equal("invalid-id", (await api.PutJson($"/api/canteens/{canteen}/tables/T_1", new { occupied = 1 }, 400)).GetProperty("code").GetString());
    }
}
