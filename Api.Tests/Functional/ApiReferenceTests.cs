using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains.Access;

namespace Occupancy.Api.Tests.Functional;

/// <summary>The OpenAPI document and Scalar are for staff (or Development), and the document names the bearer scheme.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiReferenceTests(ApiFixture api) : IAsyncLifetime
{
    private WebApplicationFactory<Program> _node = null!;
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _node = api.Node();
        _http = _node.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Theory]
    [InlineData("/openapi/v1.json")]
    [InlineData("/scalar/")]
    public async Task Outside_development_only_staff_and_admins_get_the_reference(string path)
    {
        var anonymous = await _http.GetAsync(path);
        var resident = await _http.SendAsync(Get(path).As(api, Actor.ResidentOf("m-1")));
        var staff = await _http.SendAsync(Get(path).As(api, Actor.StaffOf("desk", "fuming")));
        var admin = await _http.SendAsync(Get(path).As(api, Actor.Admin("root")));

        Assert.Equal("unauthenticated", (await ApiFixture.Read(anonymous, 401)).GetProperty("code").GetString());
        Assert.Contains("Bearer", anonymous.Headers.WwwAuthenticate.ToString());
        Assert.Equal("forbidden", (await ApiFixture.Read(resident, 403)).GetProperty("code").GetString());
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (staff.StatusCode, admin.StatusCode));
    }

    [Fact]
    public async Task In_development_anyone_gets_the_reference()
    {
        await using var development = api.StartNode().WithWebHostBuilder(web => web.UseEnvironment("Development"));
        var http = development.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/scalar")).StatusCode);
    }

    [Fact]
    public async Task The_document_names_the_bearer_scheme_and_requires_it_where_sign_in_is_needed()
    {
        var document = await ApiFixture.Read(await _http.SendAsync(Get("/openapi/v1.json").As(api, Actor.StaffOf("desk", "fuming"))), 200);

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal(("http", "bearer", "JWT"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString(), scheme.GetProperty("bearerFormat").GetString()));
        var paths = document.GetProperty("paths");
        var cancel = paths.GetProperty("/api/sessions/{sessionId}/cancel").GetProperty("post");
        Assert.Equal("Bearer", cancel.GetProperty("security")[0].EnumerateObject().Single().Name);
        var site = paths.GetProperty("/api/sites/{siteId}").GetProperty("get");
        Assert.False(site.TryGetProperty("security", out var none) && none.GetArrayLength() > 0, "a public read needs no token");
    }

    [Fact]
    public async Task The_document_carries_the_readmes_route_by_role_table()
    {
        var document = await ApiFixture.Read(await _http.SendAsync(Get("/openapi/v1.json").As(api, Actor.Admin("root"))), 200);

        var description = document.GetProperty("info").GetProperty("description").GetString() ?? "";
        Assert.StartsWith("Who may do what", description);
        Assert.Contains("| route or topic | anonymous | resident | staff | device | admin |", description);
        Assert.Contains("`POST …/bookings/{b}/check-in` | | | their site | their site's kiosk | ✓ |", description);
        Assert.DoesNotContain("### Demo sign-in", description);
    }

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);
}
