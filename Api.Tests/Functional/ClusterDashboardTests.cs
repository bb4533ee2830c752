using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains.Access;

namespace Occupancy.Api.Tests.Functional;

/// <summary>
/// The Orleans dashboard at /admin/cluster/: an administrator reaches it (with the bearer header, or in a browser with
/// the cookie its session gives) and its data answers with the cluster's silos; anybody else is refused with a problem.
/// Every route of it × every caller is in the access matrix too.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ClusterDashboardTests(ApiFixture api)
{
    private const string CookieName = "occupancy-cluster-dashboard";

    [Fact]
    public async Task Anonymous_residents_and_staff_are_refused_with_a_problem()
    {
        var anonymous = await api.Anonymous.GetAsync("/admin/cluster/");
        await AssertProblem(anonymous, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.NotEmpty(anonymous.Headers.WwwAuthenticate);

        foreach (var actor in new[] { Actor.ResidentOf("m-dash"), Actor.StaffOf("desk", "binjiang") })
        {
            using var client = api.ClientAs(actor);
            await AssertProblem(await client.GetAsync("/admin/cluster/"), HttpStatusCode.Forbidden, "forbidden");
            await AssertProblem(await client.GetAsync("/admin/cluster/DashboardCounters"), HttpStatusCode.Forbidden, "forbidden");
            // Nor can they turn their own token into the dashboard's cookie.
            await AssertProblem(await client.PostAsync("/admin/cluster/session", null), HttpStatusCode.Forbidden, "forbidden");
        }
    }

    [Fact]
    public async Task An_admin_opens_the_dashboard_in_a_browser_and_its_data_names_the_cluster_s_silos()
    {
        var token = api.TokenFor(Actor.Admin("dash-admin"));
        using var page = api.Api.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });

        // The administration page posts the admin's token and gets the dashboard's cookie.
        using var session = new HttpRequestMessage(HttpMethod.Post, "/admin/cluster/session");
        session.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var issued = await page.SendAsync(session);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Equal("/admin/cluster/", JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("address").GetString());
        var setCookie = Assert.Single(issued.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"{CookieName}={token};", setCookie, StringComparison.Ordinal);
        Assert.Contains("path=/admin/cluster", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("expires=", setCookie, StringComparison.OrdinalIgnoreCase);

        // A navigation carries the cookie only: the page, with or without its trailing slash, and its data.
        foreach (var address in new[] { "/admin/cluster/", "/admin/cluster" })
        {
            var shell = await WithCookie(page, HttpMethod.Get, address, token);
            Assert.Equal(HttpStatusCode.OK, shell.StatusCode);
            Assert.Equal("text/html", shell.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<base href=\"/admin/cluster/\"", await shell.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var counters = await WithCookie(page, HttpMethod.Get, "/admin/cluster/DashboardCounters", token);
        var text = await counters.Content.ReadAsStringAsync();
        Assert.True(counters.StatusCode == HttpStatusCode.OK, $"DashboardCounters answered {(int)counters.StatusCode}: {text}");
        var hosts = JsonDocument.Parse(text).RootElement.GetProperty("hosts").EnumerateArray().Select(h => h.GetProperty("siloAddress").GetString()).ToArray();
        var silo = api.Cluster.Silos[0].SiloAddress.ToParsableString();
        Assert.Contains(silo, hosts);
        var properties = await WithCookie(page, HttpMethod.Get, $"/admin/cluster/SiloProperties/{silo}", token);
        Assert.Equal(HttpStatusCode.OK, properties.StatusCode);

        // The cookie opens the dashboard for reading, never for a change.
        await AssertProblem(await WithCookie(page, HttpMethod.Post, "/admin/cluster/session", token), HttpStatusCode.Unauthorized, "unauthenticated");
        // Signing out drops it.
        var cleared = await WithCookie(page, HttpMethod.Delete, "/admin/cluster/session", token);
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Contains($"{CookieName}=;", Assert.Single(cleared.Headers.GetValues("Set-Cookie")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cookie_is_checked_like_a_bearer_token_and_only_on_the_dashboard()
    {
        using var page = api.Api.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        // A resident's valid token in the cookie: signed in, not an admin.
        await AssertProblem(await WithCookie(page, HttpMethod.Get, "/admin/cluster/", api.TokenFor(Actor.ResidentOf("m-dash"))), HttpStatusCode.Forbidden, "forbidden");
        // An expired admin token in the cookie: refused as any expired token is.
        var expired = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "occupancy",
            Audience = "occupancy",
            Claims = new Dictionary<string, object> { ["sub"] = "dash-admin", ["role"] = "admin" },
            IssuedAt = DateTime.UtcNow.AddHours(-2),
            NotBefore = DateTime.UtcNow.AddHours(-2),
            Expires = DateTime.UtcNow.AddHours(-1),
            SigningCredentials = new SigningCredentials(api.SigningKey(), SecurityAlgorithms.HmacSha256),
        });
        await AssertProblem(await WithCookie(page, HttpMethod.Get, "/admin/cluster/", expired), HttpStatusCode.Unauthorized, "unauthenticated");
        // An admin's cookie sent elsewhere counts for nothing there.
        await AssertProblem(await WithCookie(page, HttpMethod.Get, "/api/admin/staff", api.TokenFor(Actor.Admin("dash-admin"))), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Views_that_would_call_grains_or_stream_logs_are_off_and_unknown_silos_are_not_found()
    {
        await AssertProblem(await api.Http.GetAsync("/admin/cluster/GrainState?grainId=0&grainType=Occupancy.Grains.Health.StoreProbeGrain"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblem(await api.Http.GetAsync("/admin/cluster/Trace"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblem(await api.Http.GetAsync("/admin/cluster/SiloProperties/not-a-silo"), HttpStatusCode.NotFound, "not-found");
        await AssertProblem(await api.Http.GetAsync("/admin/cluster/HistoricalStats/10.0.0.1:1@1"), HttpStatusCode.NotFound, "not-found");
        await AssertProblem(await api.Http.GetAsync("/admin/cluster/fonts/no-such-font.woff2"), HttpStatusCode.NotFound, "not-found");
    }

    private static async Task<HttpResponseMessage> WithCookie(HttpClient client, HttpMethod method, string path, string token)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", $"{CookieName}={token}");
        return await client.SendAsync(request);
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} {code}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
    }
}
