using System.Net;
using Occupancy.Api.Tests.Support;

namespace Occupancy.Api.Tests.Functional;

/// <summary>Unknown routes, wrong methods, oversize bodies and wrong media types are problems too.</summary>
[Collection(ApiCollection.Name)]
public sealed class ProtocolProblemsTests(ApiFixture api)
{
    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        var response = await api.Http.GetAsync("/api/nowhere");
        var problem = await ApiFixture.Read(response, 404);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("not-found", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_wrong_method_is_405_with_Allow()
    {
        var response = await api.Http.DeleteAsync("/api/facilities/fuming-gym");
        await ApiFixture.Read(response, 405);
        Assert.Contains("GET", response.Content.Headers.Allow.Concat(response.Headers.TryGetValues("Allow", out var v) ? v : []));
    }

    [Fact]
    public async Task A_wrong_media_type_is_415()
    {
        var response = await api.Http.PostAsync("/api/facilities/fuming-gym/entries", new StringContent("count=1", System.Text.Encoding.UTF8, "text/plain"));
        var problem = await ApiFixture.Read(response, 415);
        Assert.Equal("unsupported-media-type", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_oversize_body_is_413()
    {
        var (_, _, court, _) = await Catalog.CreateSite(api);
        var huge = $$"""{"count":1,"eventId":"{{new string('x', 200_000)}}"}""";

        var response = await api.Http.PostAsync($"/api/facilities/{court}/entries", new StringContent(huge, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, (await api.GetJson($"/api/facilities/{court}")).GetProperty("occupied").GetInt32());
    }

    [Fact]
    public async Task Health_and_the_OpenAPI_document_answer()
    {
        Assert.Equal("healthy", (await api.GetJson("/health/live")).GetProperty("status").GetString());
        var ready = await api.GetJson("/health/ready");
        Assert.Equal("healthy", ready.GetProperty("cluster").GetString());
        Assert.Equal("healthy", ready.GetProperty("store").GetString());
        // Outside Development the document is for staff only (ApiReferenceTests).
        Assert.Equal("unauthenticated", (await ApiFixture.Read(await api.Anonymous.GetAsync("/openapi/v1.json"), 401)).GetProperty("code").GetString());
    }
}
