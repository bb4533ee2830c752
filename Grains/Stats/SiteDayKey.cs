using System.Globalization;

namespace Occupancy.Grains.Stats;

/// <summary>The key of a site-day's history: <c>{siteId}/{yyyy-MM-dd}</c>, the date local to the site.</summary>
public static class SiteDayKey
{
    public static string Of(string siteId, DateOnly date) => $"{siteId}/{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    public static (string SiteId, DateOnly Date) Parse(string key)
    {
        var slash = key.LastIndexOf('/');
        if (slash <= 0 || !LocalDates.TryParse(key[(slash + 1)..], out var date))
            throw new ArgumentException($"'{key}' is not a site-day key.", nameof(key));
        return (key[..slash], date);
    }
}
