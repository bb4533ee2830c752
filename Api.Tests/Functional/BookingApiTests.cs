using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains.Access;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Api.Tests.Functional;

/// <summary>Sessions, bookings and members end to end: REST with the contract's JSON and codes, and live pushes on the hub.</summary>
[Collection(ApiCollection.Name)]
public sealed class BookingApiTests(ApiFixture api) : IAsyncLifetime
{
    private Watcher _watcher = null!;
    private HubConnection _hub = null!;

    public async Task InitializeAsync()
    {
        // The admin's connection: member: topics are private (access has its own tests).
        _watcher = await Watcher.Connect(api.Hub(actor: Actor.Admin("test-admin")));
        _hub = _watcher.Hub;
    }

    public async Task DisposeAsync() => await _watcher.DisposeAsync();

    [Fact]
    public async Task A_session_is_defined_booked_waitlisted_cancelled_and_promoted_with_the_contracts_json()
    {
        var (site, gym, _, _) = await Catalog.CreateSite(api);
        var session = Catalog.NewId("yoga");
        var created = await api.Http.PutAsJsonAsync($"/api/sessions/{session}", Session(site, gym, capacity: 1), ApiFixture.Json);
        var snapshot = await ApiFixture.Read(created, 201);
        await api.PutJson($"/api/sessions/{session}", Session(site, gym, capacity: 1), 200);
        var ann = await Member("ann");
        var bob = await Member("bob");

        // Ann books for herself: bookedBy is hers.
        var booked = await api.ClientAs(Actor.ResidentOf(ann)).PostAsJsonAsync($"/api/sessions/{session}/bookings", new { memberId = ann }, ApiFixture.Json);
        var seat = await ApiFixture.Read(booked, 201);
        var waiting = await api.PostJson($"/api/sessions/{session}/bookings", new { memberId = bob }, 201);
        var twice = await api.PostJson($"/api/sessions/{session}/bookings", new { memberId = ann }, 409);

        Assert.Equal($"/api/sessions/{session}", created.Headers.Location?.OriginalString);
        Assert.Equal(
            ["available", "booked", "bookingClosesAt", "bookingOpensAt", "cancelFreeUntil", "capacity", "category", "eligibility", "endsAt", "facilityId", "id",
             "noShowAfterMinutes", "place", "siteId", "startsAt", "status", "title", "titleEn", "updatedAt", "version", "waitlistCapacity", "waitlisted"],
            snapshot.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(("open", "class", "senior"), (snapshot.GetProperty("status").GetString(), snapshot.GetProperty("category").GetString(),
            snapshot.GetProperty("eligibility").GetProperty("ageGroups")[0].GetString()));
        Assert.Equal($"/api/sessions/{session}/bookings/{seat.GetProperty("bookingId").GetString()}", booked.Headers.Location?.OriginalString);
        Assert.Equal(("confirmed", ann, session), (seat.GetProperty("status").GetString(), seat.GetProperty("bookedBy").GetString(), seat.GetProperty("sessionId").GetString()));
        Assert.False(seat.TryGetProperty("waitlistPosition", out _));
        Assert.Equal(("waitlisted", 1), (waiting.GetProperty("status").GetString(), waiting.GetProperty("waitlistPosition").GetInt32()));
        Assert.Equal(("already-booked", "/problems/already-booked"), (twice.GetProperty("code").GetString(), twice.GetProperty("type").GetString()));

        var seatId = seat.GetProperty("bookingId").GetString();
        var cancelled = await api.Http.DeleteAsync($"/api/sessions/{session}/bookings/{seatId}");
        var cancelledBody = await ApiFixture.Read(cancelled, 200);
        var again = await ApiFixture.Read(await api.Http.DeleteAsync($"/api/sessions/{session}/bookings/{seatId}"), 200);

        Assert.Equal(("cancelled", false), (cancelledBody.GetProperty("status").GetString(), cancelledBody.GetProperty("late").GetBoolean()));
        Assert.Equal(cancelledBody.GetRawText(), again.GetRawText());
        var bobsList = await Eventually.Until(async () =>
        {
            var list = await api.GetJson($"/api/members/{bob}/bookings");
            return list.EnumerateArray().Any(b => b.GetProperty("status").GetString() == "confirmed") ? (object)list : null;
        }, "bob's own list shows his promotion");
        var entry = ((JsonElement)bobsList)[0];
        Assert.Equal((session, "瑜伽"), (entry.GetProperty("sessionId").GetString(), entry.GetProperty("title").GetString()));
        Assert.Equal("confirmed", (await api.GetJson($"/api/sessions/{session}/bookings/{waiting.GetProperty("bookingId").GetString()}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_same_idempotency_key_replays_the_answer_and_another_request_with_it_is_422()
    {
        var (site, gym, _, _) = await Catalog.CreateSite(api);
        var session = Catalog.NewId("class");
        await api.PutJson($"/api/sessions/{session}", Session(site, gym), 201);
        var ann = await Member("ann");
        var bob = await Member("bob");

        var first = await Post($"/api/sessions/{session}/bookings", new { memberId = ann }, "\"key-1\"");
        var repeat = await Post($"/api/sessions/{session}/bookings", new { memberId = ann }, "key-1");
        var other = await Post($"/api/sessions/{session}/bookings", new { memberId = bob }, "key-1");
        var malformed = await Post($"/api/sessions/{session}/bookings", new { memberId = bob }, new string('k', 65));

        Assert.Equal((201, 201, 422, 400), ((int)first.StatusCode, (int)repeat.StatusCode, (int)other.StatusCode, (int)malformed.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        Assert.Equal("idempotency-key-reused", (await ApiFixture.Read(other, 422)).GetProperty("code").GetString());
        Assert.Equal(1, (await api.GetJson($"/api/sessions/{session}")).GetProperty("booked").GetInt32());
    }

    [Fact]
    public async Task A_key_is_the_callers_across_bookings_and_other_requests_whichever_came_first()
    {
        var (site, gym, court, _) = await Catalog.CreateSite(api);
        var session = Catalog.NewId("class");
        await api.PutJson($"/api/sessions/{session}", Session(site, gym), 201);
        var ann = await Member("ann");
        var bob = await Member("bob");

        var entry = await Post($"/api/facilities/{court}/entries", new { count = 1 }, "gate-1");
        var bookingWithIt = await Post($"/api/sessions/{session}/bookings", new { memberId = ann }, "gate-1");
        var booking = await Post($"/api/sessions/{session}/bookings", new { memberId = bob }, "book-1");
        var entryWithIt = await Post($"/api/facilities/{court}/entries", new { count = 1 }, "book-1");
        var bookingAgain = await Post($"/api/sessions/{session}/bookings", new { memberId = bob }, "book-1");

        Assert.Equal((200, 422, 201, 422, 201), ((int)entry.StatusCode, (int)bookingWithIt.StatusCode, (int)booking.StatusCode,
            (int)entryWithIt.StatusCode, (int)bookingAgain.StatusCode));
        Assert.Equal(await booking.Content.ReadAsStringAsync(), await bookingAgain.Content.ReadAsStringAsync());
        Assert.Equal(1, (await api.GetJson($"/api/sessions/{session}")).GetProperty("booked").GetInt32());
        Assert.Equal(1, (await api.GetJson($"/api/facilities/{court}")).GetProperty("occupied").GetInt32());
    }

    [Fact]
    public async Task Sessions_are_listed_by_site_and_facility_and_bad_queries_are_problems()
    {
        var (site, gym, court, _) = await Catalog.CreateSite(api);
        var yoga = Catalog.NewId("yoga");
        var tennis = Catalog.NewId("tennis");
        await api.PutJson($"/api/sessions/{yoga}", Session(site, gym, startsIn: TimeSpan.FromHours(5)), 201);
        await api.PutJson($"/api/sessions/{tennis}", Session(site, court, startsIn: TimeSpan.FromHours(4)), 201);

        var bySite = await api.GetJson($"/api/sessions?siteId={site}");
        var byFacility = await api.GetJson($"/api/sessions?facilityId={gym}");

        Assert.Equal([tennis, yoga], bySite.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Equal([yoga], byFacility.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Equal("invalid-request", (await api.GetJson("/api/sessions", 400)).GetProperty("code").GetString());
        Assert.Equal("invalid-request", (await api.GetJson($"/api/sessions?siteId={site}&from=2026-13-01", 400)).GetProperty("code").GetString());
        Assert.Equal("invalid-request", (await api.GetJson($"/api/sessions?siteId={site}&from=2026-01-01&to=2026-03-01", 400)).GetProperty("code").GetString());
        Assert.Equal("invalid-id", (await api.GetJson("/api/sessions?siteId=Not_An_Id", 400)).GetProperty("code").GetString());
        Assert.Equal("not-found", (await api.GetJson($"/api/sessions?siteId={Catalog.NewId("nosite")}", 404)).GetProperty("code").GetString());
        Assert.Equal("invalid-id", (await api.GetJson("/api/sessions/Bad_Id", 400)).GetProperty("code").GetString());
        Assert.Equal("not-found", (await api.GetJson($"/api/sessions/{Catalog.NewId("ghost")}", 404)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Members_are_registered_looked_up_by_phone_and_unknown_or_malformed_requests_are_problems()
    {
        var (site, gym, _, _) = await Catalog.CreateSite(api);
        var member = Catalog.NewId("m");
        var phone = "139" + Random.Shared.NextInt64(10_000_000, 99_999_999);
        var profile = new { name = "杨根有", phone, homeSiteId = site, ageGroup = "senior", resident = true, annualCard = new { siteId = site, validUntil = "2027-11-28" }, family = Array.Empty<string>() };

        var created = await api.PutJson($"/api/members/{member}", profile, 201);
        await api.PutJson($"/api/members/{member}", profile, 200);
        var found = await api.GetJson($"/api/members?phone={phone}");
        var session = Catalog.NewId("lunch");
        await api.PutJson($"/api/sessions/{session}", Session(site, gym), 201);

        Assert.Equal(("senior", "2027-11-28", 0), (created.GetProperty("ageGroup").GetString(), created.GetProperty("annualCard").GetProperty("validUntil").GetString(),
            created.GetProperty("noShows").GetInt32()));
        Assert.Equal(JsonValueKind.Null, created.GetProperty("blockedUntil").ValueKind);
        Assert.Equal([member], found.EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal("invalid-request", (await api.GetJson("/api/members", 400)).GetProperty("code").GetString());
        Assert.Equal("not-found", (await api.GetJson($"/api/members/{Catalog.NewId("ghost")}/bookings", 404)).GetProperty("code").GetString());
        Assert.Equal("not-found", (await api.PostJson($"/api/sessions/{session}/bookings", new { memberId = Catalog.NewId("ghost") }, 404)).GetProperty("code").GetString());
        Assert.Equal("invalid-id", (await api.PostJson($"/api/sessions/{session}/bookings", new { memberId = "Not An Id" }, 400)).GetProperty("code").GetString());
        Assert.Equal("invalid-request", (await api.PostJson($"/api/sessions/{session}/bookings", new { }, 400)).GetProperty("code").GetString());
        // A bookedBy in the body is ignored: a stranger naming the member is still a stranger; staff book as "staff".
        var byStranger = await api.ClientAs(Actor.ResidentOf(Catalog.NewId("stranger")))
            .PostAsJsonAsync($"/api/sessions/{session}/bookings", new { memberId = member, bookedBy = member }, ApiFixture.Json);
        Assert.Equal("forbidden", (await ApiFixture.Read(byStranger, 403)).GetProperty("code").GetString());
        Assert.Equal("staff", (await api.PostJson($"/api/sessions/{session}/bookings", new { memberId = member, bookedBy = member }, 201)).GetProperty("bookedBy").GetString());
        Assert.Equal(JsonValueKind.Null, (await api.PostJson($"/api/members/{member}/waive", null, 200)).GetProperty("blockedUntil").ValueKind);
    }

    [Fact]
    public async Task Check_in_opens_thirty_minutes_before_the_start()
    {
        var (site, gym, _, _) = await Catalog.CreateSite(api);
        var soon = Catalog.NewId("soon");
        var later = Catalog.NewId("later");
        await api.PutJson($"/api/sessions/{soon}", Session(site, gym, startsIn: TimeSpan.FromMinutes(20)), 201);
        await api.PutJson($"/api/sessions/{later}", Session(site, gym, startsIn: TimeSpan.FromHours(3)), 201);
        var ann = await Member("ann");
        var seatSoon = (await api.PostJson($"/api/sessions/{soon}/bookings", new { memberId = ann }, 201)).GetProperty("bookingId").GetString();
        var seatLater = (await api.PostJson($"/api/sessions/{later}/bookings", new { memberId = ann }, 201)).GetProperty("bookingId").GetString();

        var checkedIn = await api.PostJson($"/api/sessions/{soon}/bookings/{seatSoon}/check-in", null, 200);
        var tooEarly = await api.PostJson($"/api/sessions/{later}/bookings/{seatLater}/check-in", null, 409);

        Assert.Equal("checkedIn", checkedIn.GetProperty("status").GetString());
        Assert.Equal("invalid-state", tooEarly.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Watchers_of_a_session_and_of_a_member_hear_a_booking_live()
    {
        var (site, gym, _, _) = await Catalog.CreateSite(api);
        var session = Catalog.NewId("live");
        await api.PutJson($"/api/sessions/{session}", Session(site, gym), 201);
        var ann = await Member("ann");

        var watched = await _hub.InvokeAsync<JsonElement[]>("WatchMany", new[] { $"session:{session}", $"member:{ann}" });
        var booking = await api.PostJson($"/api/sessions/{session}/bookings", new { memberId = ann }, 201);

        Assert.Equal((session, ann), (watched[0].GetProperty("id").GetString(), watched[1].GetProperty("memberId").GetString()));
        Assert.Equal(0, watched[1].GetProperty("bookings").GetArrayLength());
        var pushed = await NextPush($"session:{session}", s => s.GetProperty("booked").GetInt32() == 1, "the session's push with one seat booked");
        Assert.True(pushed.GetProperty("version").GetInt64() > watched[0].GetProperty("version").GetInt64());
        await NextPush($"member:{ann}", s => s.GetProperty("bookings").EnumerateArray()
            .Any(b => b.GetProperty("bookingId").GetString() == booking.GetProperty("bookingId").GetString() && b.GetProperty("status").GetString() == "confirmed"),
            "the member's push with the confirmed booking");
        var error = await Assert.ThrowsAsync<HubException>(() => _hub.InvokeAsync<JsonElement>("Watch", $"session:{Catalog.NewId("ghost")}"));
        Assert.StartsWith("not-found: ", error.Message);
    }

    private static object Session(string site, string facility, int capacity = 10, TimeSpan? startsIn = null)
    {
        var starts = DateTimeOffset.UtcNow + (startsIn ?? TimeSpan.FromHours(3));
        return new
        {
            siteId = site, facilityId = facility, title = "瑜伽", titleEn = "Yoga", category = "class", place = "操课室",
            startsAt = starts, endsAt = starts.AddHours(1), capacity, waitlistCapacity = 5,
            bookingOpensAt = DateTimeOffset.UtcNow.AddHours(-1), bookingClosesAt = starts.AddMinutes(-10), cancelFreeUntil = starts.AddHours(-2),
            eligibility = new { ageGroups = new[] { "senior", "adult" }, annualCardRequired = false },
        };
    }

    private async Task<string> Member(string name)
    {
        var id = Catalog.NewId(name);
        await api.PutJson($"/api/members/{id}", new { name, ageGroup = "adult", resident = true }, 201);
        return id;
    }

    private async Task<HttpResponseMessage> Post(string path, object body, string idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: ApiFixture.Json) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return await api.Http.SendAsync(request);
    }

    private Task<JsonElement> NextPush(string topic, Func<JsonElement, bool> wanted, string what) => _watcher.NextPush(topic, wanted, what);
}
