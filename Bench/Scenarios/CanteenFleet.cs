using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Occupancy.Bench.Scenarios;

/// <summary>
/// Canteens created for a scenario through the Api as admin: one site of their own, each canteen open all day
/// (so every diner sitting down counts as a meal) with <see cref="Tables"/> tables of <see cref="Seats"/> seats.
/// </summary>
internal sealed class CanteenFleet
{
    private CanteenFleet(string siteId, string[] canteens, int tables, int seats)
    {
        SiteId = siteId;
        Canteens = canteens;
        Tables = tables;
        Seats = seats;
    }

    public string SiteId { get; }

    public IReadOnlyList<string> Canteens { get; }

    public int Tables { get; }

    public int Seats { get; }

    public static async Task<CanteenFleet> Create(HttpClient admin, string label, int count, int tables = 20, int seats = 6)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var site = $"bench-{label}-{run}";
        await Expect(admin.PutAsJsonAsync($"/api/sites/{site}", new { name = "压测社区", nameEn = "Bench site", district = "鄞州区", timeZone = "Asia/Shanghai" }), $"site {site}");
        var canteens = Enumerable.Range(1, count).Select(i => $"{site}-c{i:D3}").ToArray();
        var definition = (string siteId) => new
        {
            siteId, name = "压测食堂", nameEn = "Bench canteen",
            mealHours = new[] { new { meal = "lunch", from = "00:00", to = "24:00" } },
            tables = Enumerable.Range(1, tables).Select(t => new { id = TableId(t), seats, accessible = false }).ToArray(),
        };
        await Parallel.ForEachAsync(canteens, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, _) =>
            await Expect(admin.PutAsJsonAsync($"/api/canteens/{id}", definition(site)), $"canteen {id}"));
        return new CanteenFleet(site, canteens, tables, seats);
    }

    public static string TableId(int table) => $"t{table:D3}";

    /// <summary>Sets a random table of <paramref name="canteen"/> to a random count: the status, the acknowledged version (or -1), and when the answer came.</summary>
    public async Task<(int Status, long Version, long AnsweredAt)> Update(HttpClient http, string canteen, Random random)
    {
        var table = TableId(random.Next(Tables) + 1);
        try
        {
            using var response = await http.PutAsJsonAsync($"/api/canteens/{canteen}/tables/{table}", new { occupied = random.Next(Seats + 1) });
            var answeredAt = Stopwatch.GetTimestamp();
            if (!response.IsSuccessStatusCode) return ((int)response.StatusCode, -1, answeredAt);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            return (200, body.RootElement.GetProperty("version").GetInt64(), answeredAt);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (0, -1, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>The canteen's stored version, read through the Api.</summary>
    public static async Task<long> VersionOf(HttpClient http, string canteen) =>
        (await http.GetFromJsonAsync<JsonElement>($"/api/canteens/{canteen}")).GetProperty("version").GetInt64();

    private static async Task Expect(Task<HttpResponseMessage> request, string what)
    {
        using var response = await request;
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Creating {what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static string Rate(double perSecond) => perSecond.ToString("0", CultureInfo.InvariantCulture);
}
