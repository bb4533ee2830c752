namespace Occupancy.Grains.Live;

/// <summary>Hub topic names: <c>kind:id</c>.</summary>
public static class Topics
{
    public static string Facility(string id) => $"facility:{id}";
    public static string Canteen(string id) => $"canteen:{id}";
    public static string Session(string id) => $"session:{id}";
    public static string Site(string id) => $"site:{id}";
    public static string Member(string id) => $"member:{id}";

    /// <summary>A site's open absence alerts: staff of that site and administrators only, never part of <c>site:</c>.</summary>
    public static string Alerts(string siteId) => $"alerts:{siteId}";
}
