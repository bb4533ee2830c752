using Occupancy.Api.Tests.Support;

namespace Occupancy.Api.Tests.Functional;

/// <summary>An Idempotency-Key belongs to its caller: used on one entity, it cannot be used on another.</summary>
[Collection(ApiCollection.Name)]
public sealed class CallerKeysTests(ApiFixture api)
{
    [Fact]
    public async Task A_key_used_on_one_facility_is_refused_on_another_and_a_retry_on_the_first_still_replays()
    {
        var (_, _, courtA, _) = await Catalog.CreateSite(api);
        var (_, _, courtB, _) = await Catalog.CreateSite(api);
        var key = Catalog.NewId("gate");

        var first = await ApiFixture.Read(await PostWithKey($"/api/facilities/{courtA}/entries", """{"count":2}""", key), 200);
        var elsewhere = await ApiFixture.Read(await PostWithKey($"/api/facilities/{courtB}/entries", """{"count":2}""", key), 422);
        var retry = await ApiFixture.Read(await PostWithKey($"/api/facilities/{courtA}/entries", """{"count":2}""", key), 200);

        Assert.Equal("idempotency-key-reused", elsewhere.GetProperty("code").GetString());
        Assert.Equal(first.GetRawText(), retry.GetRawText());
        Assert.Equal(0, (await api.GetJson($"/api/facilities/{courtB}")).GetProperty("occupied").GetInt32());
        Assert.Equal(2, (await api.GetJson($"/api/facilities/{courtA}")).GetProperty("occupied").GetInt32());
    }

    [Fact]
    public async Task A_refused_request_does_not_bind_its_key()
    {
        var (_, _, courtA, _) = await Catalog.CreateSite(api);
        var (_, _, courtB, _) = await Catalog.CreateSite(api);
        var key = Catalog.NewId("gate");

        await ApiFixture.Read(await PostWithKey($"/api/facilities/{courtA}/entries", """{"count":0}""", key), 400);
        await ApiFixture.Read(await PostWithKey($"/api/facilities/{courtB}/entries", """{"count":1}""", key), 200);

        Assert.Equal(1, (await api.GetJson($"/api/facilities/{courtB}")).GetProperty("occupied").GetInt32());
    }

    private Task<HttpResponseMessage> PostWithKey(string path, string body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return api.Http.SendAsync(request);
    }
}
