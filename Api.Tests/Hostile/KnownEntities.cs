using System.Text.Json;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Api.Tests.Hostile;

/// <summary>
/// A site with a gym, a court, a canteen, a session, a member and the member's booking, created as an admin under ids
/// derived from the seed: the hostile requests aim at them, and their snapshots must be the same afterwards.
/// </summary>
internal sealed record KnownEntities(string Site, string Gym, string Court, string Canteen, string Session, string Member, string Booking)
{
    /// <summary>Route value names and the ids they target; any other name gets a well-formed id nobody created.</summary>
    public IReadOnlyDictionary<string, string[]> ByRouteValue => new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["siteId"] = [Site],
        ["facilityId"] = [Gym, Court],
        ["canteenId"] = [Canteen],
        ["sessionId"] = [Session],
        ["memberId"] = [Member],
        ["bookingId"] = [Booking],
        ["tableId"] = ["t01", "t02"],
        ["zoneId"] = ["machines"],
        ["id"] = [Gym, Canteen, Site],
    };

    public static async Task<KnownEntities> Create(ApiFixture api, string prefix)
    {
        var known = new KnownEntities($"{prefix}-site", $"{prefix}-gym", $"{prefix}-court", $"{prefix}-canteen", $"{prefix}-yoga", $"{prefix}-m", "");
        await api.PutJson($"/api/sites/{known.Site}", Catalog.Site(), 201);
        await api.PutJson($"/api/facilities/{known.Gym}", Catalog.Gym(known.Site), 201);
        await api.PutJson($"/api/facilities/{known.Court}", Catalog.Court(known.Site), 201);
        await api.PutJson($"/api/canteens/{known.Canteen}", Catalog.Canteen(known.Site), 201);
        var starts = DateTimeOffset.UtcNow.Date.AddDays(20).AddHours(2);
        await api.PutJson($"/api/sessions/{known.Session}", new
        {
            siteId = known.Site, facilityId = known.Gym, title = "瑜伽", category = "class", startsAt = starts, endsAt = starts.AddHours(1), capacity = 5,
            bookingOpensAt = starts.AddDays(-40), bookingClosesAt = starts.AddHours(-1), cancelFreeUntil = starts.AddHours(-2),
        }, 201);
        await api.PutJson($"/api/members/{known.Member}", new { name = "杨根有", phone = "13800001024", homeSiteId = known.Site }, 201);
        var booking = await api.PostJson($"/api/sessions/{known.Session}/bookings", new { memberId = known.Member }, 201);
        known = known with { Booking = booking.GetProperty("bookingId").GetString()! };

        // What follows a write settles asynchronously (the site's totals, the member's bookings): wait for it, so the
        // "before" snapshot is not taken halfway.
        await Eventually.Until(async () =>
        {
            var site = await api.GetJson($"/api/sites/{known.Site}");
            var bookings = await api.GetJson($"/api/members/{known.Member}/bookings");
            var directory = await api.GetJson("/api/sites");
            return directory.GetRawText().Contains(known.Site, StringComparison.Ordinal) && site.GetRawText().Contains(known.Court, StringComparison.Ordinal) && site.GetRawText().Contains(known.Canteen, StringComparison.Ordinal)
                && bookings.GetRawText().Contains(known.Booking, StringComparison.Ordinal);
        }, "the known entities' site and member to reflect their parts and booking");
        return known;
    }

    /// <summary>Every known entity's version (and the lists that carry none, whole), as the admin reads them.</summary>
    public async Task<IReadOnlyDictionary<string, string>> Snapshot(ApiFixture api)
    {
        var versions = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in new[] { $"/api/sites/{Site}", $"/api/facilities/{Gym}", $"/api/facilities/{Court}", $"/api/canteens/{Canteen}", $"/api/sessions/{Session}", $"/api/members/{Member}" })
            versions[path] = "version " + (await api.GetJson(path)).GetProperty("version").GetInt64();
        foreach (var path in new[] { $"/api/sessions/{Session}/bookings", $"/api/sessions/{Session}/bookings/{Booking}", $"/api/members/{Member}/bookings" })
            versions[path] = (await api.GetJson(path)).GetRawText();
        versions["/api/sites (known site listed once)"] = (await api.GetJson("/api/sites")).EnumerateArray()
            .Count(s => s.GetProperty("id").GetString() == Site).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return versions;
    }

    /// <summary>Ids nobody created must still be unknown to every kind of entity.</summary>
    public static async Task<IReadOnlyList<string>> UnknownStillUnknown(ApiFixture api, IEnumerable<string> ids)
    {
        var created = new List<string>();
        foreach (var id in ids)
        {
            foreach (var kind in new[] { "sites", "facilities", "canteens", "sessions", "members" })
            {
                var response = await api.Http.GetAsync($"/api/{kind}/{id}");
                if ((int)response.StatusCode != 404) created.Add($"/api/{kind}/{id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }
        return created;
    }
}

/// <summary>The serializer the hostile tests read answers with.</summary>
internal static class HostileJson
{
    public static bool TryParse(string text, out JsonElement element)
    {
        try
        {
            element = JsonDocument.Parse(text).RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            element = default;
            return false;
        }
    }
}
