using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Occupancy.Grains.Access;

namespace Occupancy.Api.Tests.Support;

/// <summary>Requests signed in as a given actor, and Api nodes with settings of their own, for tests about who calls.</summary>
internal static class Callers
{
    public static HttpRequestMessage As(this HttpRequestMessage request, ApiFixture api, Actor actor)
    {
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", api.TokenFor(actor));
        return request;
    }

    /// <summary>Another Api node of the test cluster (same signing key) with extra settings.</summary>
    public static WebApplicationFactory<Program> Node(this ApiFixture api, params (string Key, string Value)[] settings) =>
        api.StartNode().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings) web.UseSetting(key, value);
        });
}
