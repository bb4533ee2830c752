using System.Net.Http.Json;
using System.Text.Json;
using Occupancy.Grains;

namespace Occupancy.Bench.Watchers;

/// <summary>What the screens watch: every site, facility and canteen of the catalog, as hub topics.</summary>
internal static class ScreenTopics
{
    public static async Task<string[]> All(HttpClient http)
    {
        var topics = new List<string>();
        var sites = await http.GetFromJsonAsync<JsonElement>("/api/sites", OccupancyJson.Options);
        foreach (var site in sites.EnumerateArray())
        {
            var id = site.GetProperty("id").GetString()!;
            var detail = await http.GetFromJsonAsync<JsonElement>($"/api/sites/{id}", OccupancyJson.Options);
            topics.Add($"site:{id}");
            topics.AddRange(detail.GetProperty("facilities").EnumerateArray().Select(f => $"facility:{f.GetProperty("id").GetString()}"));
            topics.AddRange(detail.GetProperty("canteens").EnumerateArray().Select(c => $"canteen:{c.GetProperty("id").GetString()}"));
        }
        return [.. topics];
    }
}
