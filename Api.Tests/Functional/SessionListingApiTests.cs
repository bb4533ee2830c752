using System.Text.Json;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Api.Tests.Functional;

/// <summary>
/// The week listing is written from the JSON the day listings keep per session: it must be the very JSON each
/// session's own GET answers, at the newest version, in a well-formed array with the contract's content type.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SessionListingApiTests(ApiFixture api)
{
    [Fact]
    public async Task The_listing_shows_each_session_exactly_as_its_own_GET_does_after_a_change()
    {
        var (site, gym, _, _) = await Catalog.CreateSite(api);
        var yoga = Catalog.NewId("yoga");
        var tai = Catalog.NewId("tai");
        await api.PutJson($"/api/sessions/{yoga}", Session(site, gym, "瑜伽", TimeSpan.FromHours(5)), 201);
        await api.PutJson($"/api/sessions/{tai}", Session(site, gym, "太极", TimeSpan.FromHours(4)), 201);
        var renamed = await api.PutJson($"/api/sessions/{yoga}", Session(site, gym, "晨间瑜伽", TimeSpan.FromHours(5)), 200);

        var version = renamed.GetProperty("version").GetInt64();
        var listing = await Eventually.Value(() => api.GetJson($"/api/sessions?siteId={site}"),
            shown => shown.EnumerateArray().Any(s => s.GetProperty("id").GetString() == yoga && s.GetProperty("version").GetInt64() == version),
            "the listing shows the renamed session's version");

        Assert.Equal([tai, yoga], listing.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        foreach (var listed in listing.EnumerateArray())
        {
            var own = await api.Http.GetStringAsync($"/api/sessions/{listed.GetProperty("id").GetString()}");
            Assert.Equal(own, listed.GetRawText());
        }
        Assert.Equal("晨间瑜伽", listing[1].GetProperty("title").GetString());
        using var response = await api.Http.GetAsync($"/api/sessions?siteId={site}");
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("[]", await api.Http.GetStringAsync($"/api/sessions?siteId={site}&from=2020-01-01&to=2020-01-07"));
    }

    private static object Session(string site, string facility, string title, TimeSpan startsIn)
    {
        var starts = DateTimeOffset.UtcNow + startsIn;
        return new
        {
            siteId = site, facilityId = facility, title, titleEn = "Class", category = "class", place = "操课室",
            startsAt = starts, endsAt = starts.AddHours(1), capacity = 10, waitlistCapacity = 5,
            bookingOpensAt = DateTimeOffset.UtcNow.AddHours(-1), bookingClosesAt = starts.AddMinutes(-10), cancelFreeUntil = starts.AddHours(-2),
        };
    }
}
