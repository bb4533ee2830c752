namespace Occupancy.Api.Tests.Support;

/// <summary>Definitions the tests create, each under fresh ids so tests never see each other's changes.</summary>
internal static class Catalog
{
    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 33)];

    public static object Site(string name = "福明家园社区") => new { name, nameEn = "Fuming", district = "鄞州区", timeZone = "Asia/Shanghai" };

    public static object Gym(string siteId, int capacity = 40) => new
    {
        siteId, kind = "gym", name = "百姓健身房", nameEn = "Residents' Gym", capacity,
        zones = new[] { new { id = "machines", name = "器械区", capacity = 25 }, new { id = "studio", name = "操课室", capacity = 15 } },
    };

    public static object Court(string siteId, int capacity = 10) => new { siteId, kind = "court", name = "篮球场", capacity };

    public static object Canteen(string siteId) => new
    {
        siteId, name = "滨江社区食堂", nameEn = "Binjiang Canteen",
        mealHours = new[] { new { meal = "breakfast", from = "00:00", to = "24:00" } },
        tables = new[] { new { id = "t01", seats = 4, accessible = true }, new { id = "t02", seats = 6, accessible = false } },
    };

    /// <summary>A site with a gym, a court and a canteen; answers their ids.</summary>
    public static async Task<(string Site, string Gym, string Court, string Canteen)> CreateSite(ApiFixture api)
    {
        var site = NewId("site");
        await api.PutJson($"/api/sites/{site}", Site(), 201);
        var gym = NewId("gym");
        await api.PutJson($"/api/facilities/{gym}", Gym(site), 201);
        var court = NewId("court");
        await api.PutJson($"/api/facilities/{court}", Court(site), 201);
        var canteen = NewId("canteen");
        await api.PutJson($"/api/canteens/{canteen}", Canteen(site), 201);
        return (site, gym, court, canteen);
    }
}
