using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Occupancy.Api.Tests.Support;

namespace Occupancy.Api.Tests.Functional;

/// <summary>Input is bounded everywhere: JSON depth, string lengths, hub message size; each refusal is clean.</summary>
[Collection(ApiCollection.Name)]
public sealed class BoundsTests(ApiFixture api)
{
    [Theory]
    [InlineData("/api/sites/{0}", """{"name":"x","timeZone":"Asia/Shanghai","extra":%}""")]
    [InlineData("/api/members/{0}", """{"name":"x","ageGroup":"adult","family":[],"extra":%}""")]
    public async Task Json_nested_deeper_than_32_is_400_problem_and_changes_nothing(string route, string shape)
    {
        var id = Catalog.NewId("deep");
        // 40 levels: above the Api's limit of 32, below System.Text.Json's default of 64.
        var body = shape.Replace("%", NestedObject(40), StringComparison.Ordinal);

        var response = await api.Http.PutAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, route, id), Json(body));

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("invalid-request", (await ApiFixture.Read(response, 400)).GetProperty("code").GetString());
        await api.GetJson(string.Format(System.Globalization.CultureInfo.InvariantCulture, route, id), 404);
    }

    [Fact]
    public void The_node_queues_a_rush_of_new_connections_instead_of_dropping_their_handshakes()
    {
        // Kestrel's default of 512 unaccepted connections overflowed when a rush opened 1,000 at once (BENCHMARKS.md).
        var sockets = api.Api.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value;

        Assert.Equal(4096, sockets.Backlog);
    }

    [Fact]
    public async Task A_huge_string_in_any_field_is_400_problem()
    {
        var site = Catalog.NewId("site");
        await api.PutJson($"/api/sites/{site}", Catalog.Site(), 201);
        var huge = new string('x', 20_000);

        var siteName = await api.Http.PutAsync($"/api/sites/{Catalog.NewId("site")}", Json(JsonSerializer.Serialize(new { name = huge, timeZone = "Asia/Shanghai" })));
        var zoneName = await api.Http.PutAsync($"/api/facilities/{Catalog.NewId("gym")}", Json(JsonSerializer.Serialize(new
        {
            siteId = site, kind = "gym", name = "健身房", capacity = 10, zones = new[] { new { id = "z", name = "区", nameEn = huge, capacity = 5 } },
        })));
        var memberName = await api.Http.PutAsync($"/api/members/{Catalog.NewId("m")}", Json(JsonSerializer.Serialize(new { name = huge, ageGroup = "adult" })));
        var eventId = await api.Http.PostAsync($"/api/facilities/{Catalog.NewId("gym")}/entries", Json(JsonSerializer.Serialize(new { count = 1, eventId = huge })));

        foreach (var response in new[] { siteName, zoneName, memberName })
            Assert.Equal("invalid-request", (await ApiFixture.Read(response, 400)).GetProperty("code").GetString());
        Assert.True((int)eventId.StatusCode is 400 or 404, $"an unknown facility with a huge eventId: {(int)eventId.StatusCode}");
    }

    [Fact]
    public async Task An_oversize_hub_message_closes_that_connection_and_the_hub_serves_the_next_one()
    {
        var hub = api.Hub();
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        await hub.StartAsync();

        var oversize = hub.InvokeAsync<JsonElement>("Watch", "facility:" + new string('a', 40 * 1024));

        await Assert.ThrowsAnyAsync<Exception>(() => oversize);
        var error = await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
        Assert.NotNull(error);
        await hub.DisposeAsync();

        var (_, _, court, _) = await Catalog.CreateSite(api);
        await using var next = api.Hub();
        await next.StartAsync();
        var watched = await next.InvokeAsync<JsonElement>("Watch", $"facility:{court}");
        Assert.Equal(court, watched.GetProperty("id").GetString());
    }

    private static string NestedObject(int depth)
    {
        var text = new StringBuilder();
        for (var i = 0; i < depth; i++) text.Append("{\"a\":");
        text.Append('1');
        text.Append('}', depth);
        return text.ToString();
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
