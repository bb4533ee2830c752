using System.Globalization;

namespace Occupancy.Grains.Notices;

/// <summary>The key of a site's notices of a day: <c>{siteId}:{yyyy-MM-dd}</c>, the day local to the site.</summary>
public static class SiteNoticesKey
{
    public static string Of(string siteId, DateOnly date) => $"{siteId}:{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    public static string SiteOf(string key) => key[..key.LastIndexOf(':')];
}
