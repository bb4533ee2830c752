using System.Text;
using System.Text.Json;
using Occupancy.Api.Tests.Support;

namespace Occupancy.Api.Tests.Functional;

/// <summary>No request, however malformed, is answered 5xx; ids of the wrong shape are 400 invalid-id; a 4xx changes nothing.</summary>
[Collection(ApiCollection.Name)]
public sealed class MalformedInputTests(ApiFixture api)
{
    [Fact]
    public async Task An_id_followed_by_a_line_feed_is_invalid_and_creates_nothing()
    {
        var site = Catalog.NewId("site");

        var put = await api.Http.PutAsync($"/api/sites/{site}%0A", Json(JsonSerializer.Serialize(Catalog.Site(), ApiFixture.Json)));
        var get = await api.Http.GetAsync($"/api/facilities/{site}%0A");

        Assert.Equal("invalid-id", (await ApiFixture.Read(put, 400)).GetProperty("code").GetString());
        Assert.Equal("invalid-id", (await ApiFixture.Read(get, 400)).GetProperty("code").GetString());
        await api.GetJson($"/api/sites/{site}", 404);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
