using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains.Access;

namespace Occupancy.Api.Tests.Functional;

/// <summary>
/// Budgets count a signed-in caller by subject and an anonymous one by address: a crowd behind one address is
/// served, one caller hammering is told to wait (429 rate-limited with Retry-After).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RateLimitTests(ApiFixture api) : IAsyncLifetime
{
    private WebApplicationFactory<Program> _node = null!;
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        // Tight budgets, so that "hammering" is a handful of requests.
        _node = api.Node(
            ("RateLimits:Enabled", "true"), ("RateLimits:SubjectWrites", "5"), ("RateLimits:SubjectReads", "5"),
            ("RateLimits:AddressWrites", "5"), ("RateLimits:AddressReads", "5"), ("RateLimits:PhoneLookups", "2"));
        _http = _node.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task One_subject_hammering_is_refused_with_rate_limited_and_Retry_After_while_another_subject_is_served()
    {
        var (_, _, court, _) = await Catalog.CreateSite(api);

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++) answers.Add(await _http.SendAsync(Entry(court).As(api, Actor.Admin("gate-hammer"))));
        var other = await _http.SendAsync(Entry(court).As(api, Actor.Admin("gate-calm")));

        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToArray();
        Assert.Equal(3, refused.Length);
        foreach (var response in refused)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("rate-limited", (await ApiFixture.Read(response, 429)).GetProperty("code").GetString());
            Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, "429 carries Retry-After in seconds");
        }
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(6, (await api.GetJson($"/api/facilities/{court}")).GetProperty("occupied").GetInt32());
    }

    [Fact]
    public async Task A_thousand_residents_booking_one_session_at_once_from_one_address_are_all_served()
    {
        var (site, gym, _, _) = await Catalog.CreateSite(api);
        var session = Catalog.NewId("rush");
        var starts = DateTimeOffset.UtcNow.AddHours(3);
        await api.PutJson($"/api/sessions/{session}", new
        {
            siteId = site, facilityId = gym, title = "瑜伽", category = "class", place = "操课室",
            startsAt = starts, endsAt = starts.AddHours(1), capacity = 30, waitlistCapacity = 20,
            bookingOpensAt = DateTimeOffset.UtcNow.AddHours(-1), bookingClosesAt = starts.AddMinutes(-10), cancelFreeUntil = starts.AddHours(-2),
            eligibility = new { ageGroups = new[] { "adult" }, annualCardRequired = false },
        }, 201);
        var members = Enumerable.Range(0, 1000).Select(i => $"{session}-{i:D4}").ToArray();
        await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (member, _) =>
            await api.PutJson($"/api/members/{member}", new { name = "居民", ageGroup = "adult", resident = true }, 201));

        var answers = await Task.WhenAll(members.Select(member =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session}/bookings") { Content = JsonContent.Create(new { memberId = member }) };
            return _http.SendAsync(request.As(api, Actor.ResidentOf(member)));
        }));

        Assert.DoesNotContain(answers, a => a.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal(50, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(950, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task Anonymous_reads_are_counted_per_address_and_signed_in_reads_per_subject()
    {
        var site = Catalog.NewId("site");
        await api.PutJson($"/api/sites/{site}", Catalog.Site(), 201);

        var anonymous = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++) anonymous.Add((await _http.GetAsync($"/api/sites/{site}")).StatusCode);
        var signedIn = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/sites/{site}").As(api, Actor.StaffOf("desk-reader", site)));
        var page = await _http.GetAsync("/book");

        Assert.Contains(HttpStatusCode.TooManyRequests, anonymous);
        Assert.True(anonymous.Count(s => s == HttpStatusCode.OK) <= 5, string.Join(",", anonymous));
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Phone_lookups_are_limited_per_staff_subject()
    {
        var phone = $"138{Random.Shared.Next(10_000_000, 99_999_999)}";

        var first = await _http.SendAsync(Lookup(phone).As(api, Actor.StaffOf("desk-one", "fuming")));
        var second = await _http.SendAsync(Lookup(phone).As(api, Actor.StaffOf("desk-one", "fuming")));
        var third = await _http.SendAsync(Lookup(phone).As(api, Actor.StaffOf("desk-one", "fuming")));
        var colleague = await _http.SendAsync(Lookup(phone).As(api, Actor.StaffOf("desk-two", "fuming")));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal("rate-limited", (await ApiFixture.Read(third, 429)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, colleague.StatusCode);
    }

    private static HttpRequestMessage Entry(string facility) =>
        new(HttpMethod.Post, $"/api/facilities/{facility}/entries") { Content = JsonContent.Create(new { count = 1 }) };

    private static HttpRequestMessage Lookup(string phone) => new(HttpMethod.Get, $"/api/members?phone={phone}");
}
