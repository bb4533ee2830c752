using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Occupancy.Api.Live;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains.Access;

namespace Occupancy.Api.Tests.Functional;

/// <summary>
/// The Api's part of access, end to end: no token on a write is 401; a token out of the entity's scope is 403
/// (also for an id that does not exist); in scope it works; the hub admits member: topics to the member only.
/// The full route × role matrix is a test of its own.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AccessTests(ApiFixture api)
{
    private async Task<(string Site, string Gym, string Member, string Stranger)> WorldAsync()
    {
        var (site, gym, _, _) = await Catalog.CreateSite(api);
        var member = Catalog.NewId("m");
        var stranger = Catalog.NewId("m");
        await api.PutJson($"/api/members/{member}", new { name = "杨根有", phone = "13800000000", homeSiteId = site, ageGroup = "senior", resident = true }, 201);
        await api.PutJson($"/api/members/{stranger}", new { name = "路人", homeSiteId = site, ageGroup = "adult", resident = true }, 201);
        return (site, gym, member, stranger);
    }

    private static async Task<string?> Code(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.GetProperty("code").GetString();
    }

    [Fact]
    public async Task Without_a_token_writes_and_member_data_are_401_and_public_snapshots_stay_open()
    {
        var (_, gym, member, _) = await WorldAsync();

        var entry = await api.Anonymous.PostAsJsonAsync($"/api/facilities/{gym}/entries", new { count = 1 });
        var profile = await api.Anonymous.GetAsync($"/api/members/{member}");

        Assert.Equal("unauthenticated", await Code(entry, HttpStatusCode.Unauthorized));
        Assert.NotEmpty(entry.Headers.WwwAuthenticate);
        Assert.Equal("unauthenticated", await Code(profile, HttpStatusCode.Unauthorized));
        Assert.DoesNotContain("杨", await profile.Content.ReadAsStringAsync());
        Assert.Equal(0, (await ApiFixture.Read(await api.Anonymous.GetAsync($"/api/facilities/{gym}"), 200)).GetProperty("occupied").GetInt32());
    }

    [Fact]
    public async Task Out_of_scope_is_403_whether_or_not_the_entity_exists_and_in_scope_works()
    {
        var (site, gym, member, stranger) = await WorldAsync();
        var (otherSite, _, _, _) = await Catalog.CreateSite(api);
        var staffThere = api.ClientAs(Actor.StaffOf("other-desk", otherSite));
        var staffHere = api.ClientAs(Actor.StaffOf("desk", site));
        var gate = api.ClientAs(Actor.FacilityDevice("gate-1", gym));
        var strangerClient = api.ClientAs(Actor.ResidentOf(stranger));

        Assert.Equal("forbidden", await Code(await staffThere.PutAsJsonAsync($"/api/facilities/{gym}/occupancy", new { occupied = 3, zoneId = "machines" }), HttpStatusCode.Forbidden));
        Assert.Equal("forbidden", await Code(await staffThere.PutAsJsonAsync($"/api/facilities/{Catalog.NewId("ghost")}/occupancy", new { occupied = 3 }), HttpStatusCode.Forbidden));
        Assert.Equal("forbidden", await Code(await strangerClient.GetAsync($"/api/members/{member}"), HttpStatusCode.Forbidden));
        Assert.Equal("forbidden", await Code(await strangerClient.GetAsync($"/api/members/{Catalog.NewId("ghost")}"), HttpStatusCode.Forbidden));
        Assert.Equal("forbidden", await Code(await staffHere.GetAsync($"/api/members/{Catalog.NewId("ghost")}"), HttpStatusCode.Forbidden));
        Assert.Equal("not-found", await Code(await api.Http.GetAsync($"/api/members/{Catalog.NewId("ghost")}"), HttpStatusCode.NotFound));
        Assert.Equal("forbidden", await Code(await api.ClientAs(Actor.ResidentOf(member)).PostAsync($"/api/facilities/{gym}/entries", JsonContent.Create(new { count = 1, zoneId = "machines" })), HttpStatusCode.Forbidden));

        var counted = await ApiFixture.Read(await gate.PostAsJsonAsync($"/api/facilities/{gym}/entries", new { count = 2, zoneId = "machines" }), 200);
        var own = await ApiFixture.Read(await api.ClientAs(Actor.ResidentOf(member)).GetAsync($"/api/members/{member}"), 200);
        var masked = await ApiFixture.Read(await staffThere.GetAsync($"/api/members/{member}"), 200);

        Assert.Equal(2, counted.GetProperty("occupied").GetInt32());
        Assert.Equal(("杨根有", "13800000000", "senior"), (own.GetProperty("name").GetString(), own.GetProperty("phone").GetString(), own.GetProperty("ageGroup").GetString()));
        Assert.Equal(("杨**", "138****0000", site, true),
            (masked.GetProperty("name").GetString(), masked.GetProperty("phone").GetString(), masked.GetProperty("homeSiteId").GetString(), masked.GetProperty("masked").GetBoolean()));
        Assert.False(masked.TryGetProperty("ageGroup", out _));
        Assert.False(masked.TryGetProperty("family", out _));
    }

    [Fact]
    public async Task A_resident_cannot_raise_their_own_eligibility_or_cancel_a_session()
    {
        var (site, _, member, _) = await WorldAsync();
        var resident = api.ClientAs(Actor.ResidentOf(member));

        var renamed = await ApiFixture.Read(await resident.PutAsJsonAsync($"/api/members/{member}",
            new { name = "杨大爷", phone = "13800000001", homeSiteId = site, ageGroup = "senior", resident = true }), 200);
        var promoted = await resident.PutAsJsonAsync($"/api/members/{member}",
            new { name = "杨大爷", homeSiteId = site, ageGroup = "senior", resident = true, annualCard = new { siteId = site, validUntil = "2030-01-01" } });
        var cancel = await resident.PostAsync($"/api/sessions/{Catalog.NewId("yoga")}/cancel", null);

        Assert.Equal("杨大爷", renamed.GetProperty("name").GetString());
        Assert.Equal("forbidden", await Code(promoted, HttpStatusCode.Forbidden));
        Assert.Equal("forbidden", await Code(cancel, HttpStatusCode.Forbidden)); // the role alone says no
    }

    [Fact]
    public async Task The_hub_admits_a_members_topic_to_the_member_and_refuses_another_resident_subscribing_nothing()
    {
        var (_, gym, member, stranger) = await WorldAsync();
        await using var own = await Watcher.Connect(api.Hub(actor: Actor.ResidentOf(member)));
        await using var other = await Watcher.Connect(api.Hub(actor: Actor.ResidentOf(stranger)));
        await using var anonymous = await Watcher.Connect(api.Hub());

        var snapshot = await own.Watch($"member:{member}");
        var refused = await Assert.ThrowsAsync<HubException>(() => other.Hub.InvokeAsync<JsonElement[]>("WatchMany", new[] { $"facility:{gym}", $"member:{member}" }));
        var refusedAnonymous = await Assert.ThrowsAsync<HubException>(() => anonymous.Watch($"member:{member}"));
        var unknown = await Assert.ThrowsAsync<HubException>(() => other.Watch($"member:{Catalog.NewId("ghost")}"));

        Assert.Equal(member, snapshot.GetProperty("memberId").GetString());
        Assert.StartsWith("forbidden: ", refused.Message);
        Assert.StartsWith("forbidden: ", refusedAnonymous.Message);
        Assert.StartsWith("forbidden: ", unknown.Message);
        Assert.False(api.Api.Services.GetRequiredService<LiveRelay>().IsWatched($"facility:{gym}"), "a refused WatchMany subscribed its public topic");
        Assert.Equal(gym, (await anonymous.Watch($"facility:{gym}")).GetProperty("id").GetString());
    }
}
