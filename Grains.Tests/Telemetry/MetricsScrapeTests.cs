using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Telemetry;

/// <summary>
/// What an operator's Prometheus sees: the Api node's and the silos' /metrics on their management ports, counting
/// what users did, each place reported by one silo only, and nothing about who did it.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class MetricsScrapeTests(TelemetryStack stack)
{
    private const string BookingRoute = "/api/sessions/{sessionId}/bookings";
    private const string DemoCard = "10241024";
    private const string DemoPin = "2468";
    private static readonly TimeSpan MovesWithin = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_booking_is_counted_on_the_Api_and_the_silo_scrapes_which_answer_on_the_management_port_only()
    {
        var admin = await Admin();
        var (site, gym) = await Place(admin);
        var session = await Session(admin, site, gym);
        var beforeMember = await stack.ScrapeSilosAsync();
        var member = await Member(admin, site, NewPhone());
        var apiBefore = new Scrape(await stack.ScrapeAsync(stack.ApiManagementUrl));
        var silosBefore = await stack.ScrapeSilosAsync();

        await Expect(admin.PostAsJsonAsync($"/api/sessions/{session}/bookings", new { memberId = member }), HttpStatusCode.Created);
        await Expect(admin.PostAsJsonAsync($"/api/sessions/{session}/bookings", new { memberId = member }), HttpStatusCode.Conflict);

        await Eventually.Until(async () =>
        {
            var api = new Scrape(await stack.ScrapeAsync(stack.ApiManagementUrl));
            return Grew(apiBefore, api, "http_server_request_duration_seconds_count", ("http_route", BookingRoute), ("http_response_status_code", "201"))
                && Grew(apiBefore, api, "occupancy_problems_total", ("code", "already-booked"), ("status", "409"));
        }, "the Api's scrape counts the booking (201) and the refused repeat (already-booked)");
        await Eventually.Until(async () =>
        {
            var silos = await stack.ScrapeSilosAsync();
            return Grew(silosBefore, silos, "occupancy_bookings_total", ("outcome", "confirmed"))
                && Grew(silosBefore, silos, "occupancy_bookings_total", ("outcome", "already-booked"))
                && Grew(silosBefore, silos, "occupancy_storage_write_duration_seconds_count", ("state", "session"), ("outcome", "ok"))
                && Grew(beforeMember, silos, "occupancy_storage_reads_total", ("state", "member"))
                && Grew(silosBefore, silos, "occupancy_group_commit_batch_size_count", ("grain", "session"));
        }, "the silos' scrapes count the confirmed booking, the refusal, the session's write, the new member's first read and the session's group commit");

        // Only on the management port: not on the public one, not even when the caller names the management port.
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Http.GetAsync(new Uri(stack.ApiUrl, "/metrics"))).StatusCode);
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, new Uri(stack.ApiUrl, "/metrics"));
        spoofed.Headers.Host = $"127.0.0.1:{stack.ApiManagementUrl.Port}";
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Http.SendAsync(spoofed)).StatusCode);
        // And the public API is not served on the management port.
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Http.GetAsync(new Uri(stack.ApiManagementUrl, $"/api/sites/{site}"))).StatusCode);
    }

    [Fact]
    public async Task No_member_id_phone_card_number_PIN_or_token_appears_in_any_scrape()
    {
        var admin = await Admin();
        var (site, gym) = await Place(admin);
        var session = await Session(admin, site, gym, capacity: 1);
        var members = new List<(string Id, string Phone)>();
        for (var i = 0; i < 3; i++)
        {
            var phone = NewPhone();
            members.Add((await Member(admin, site, phone), phone));
        }
        var silosBefore = await stack.ScrapeSilosAsync();

        foreach (var (id, phone) in members)
        {
            await Expect(admin.PostAsJsonAsync($"/api/sessions/{session}/bookings", new { memberId = id }), HttpStatusCode.Created);
            await Expect(admin.GetAsync($"/api/members?phone={phone}"), HttpStatusCode.OK);
        }
        // A resident signs in with card and PIN and books for themself (whatever the answer, it passes through every layer).
        var (resident, answer) = await stack.SignInAsync("/api/auth/resident", new { cardNumber = DemoCard, pin = DemoPin });
        var residentId = answer.GetProperty("memberId").GetString()!;
        await resident.PostAsJsonAsync($"/api/sessions/{session}/bookings", new { memberId = residentId });
        await resident.GetAsync($"/api/members/{residentId}");

        await Eventually.Until(async () =>
        {
            var silos = await stack.ScrapeSilosAsync();
            return Total(silos, "occupancy_bookings_total") >= Total(silosBefore, "occupancy_bookings_total") + members.Count + 1;
        }, "the silos' scrapes count the four bookings");

        string[] secrets =
        [
            .. members.SelectMany(m => new[] { m.Id, m.Phone }),
            residentId,
            DemoCard,
            admin.DefaultRequestHeaders.Authorization!.Parameter!,
            resident.DefaultRequestHeaders.Authorization!.Parameter!,
            .. new[] { admin, resident }.Select(c => c.DefaultRequestHeaders.Authorization!.Parameter!.Split('.')[^1]),
        ];
        var scrapes = new List<(string Where, Scrape Scrape)> { ("the Api", new Scrape(await stack.ScrapeAsync(stack.ApiManagementUrl))) };
        scrapes.AddRange((await stack.ScrapeSilosAsync()).Select(s => ($"silo {s.Key}", s.Value)));
        foreach (var (where, scrape) in scrapes)
        {
            foreach (var secret in secrets) Assert.False(scrape.Text.Contains(secret, StringComparison.Ordinal), $"{where}'s scrape contains '{secret}'");
            // A PIN is short enough to occur inside a number: it must not be in any label.
            Assert.DoesNotContain(scrape.LabelValues(), v => v.Contains(DemoPin, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_place_is_reported_by_exactly_one_silo_and_by_the_next_one_when_its_activation_moves()
    {
        var admin = await Admin();
        var (_, gym) = await Place(admin);
        await Expect(admin.PostAsJsonAsync($"/api/facilities/{gym}/entries", new { count = 7 }), HttpStatusCode.OK);
        await ReportedByOneSilo(gym, occupied: 7, "the gym, after 7 people came in");

        // Deactivated: gone from every scrape (removed on deactivation, not left behind).
        await stack.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await Eventually.Until(async () => (await stack.ScrapeSilosAsync()).Values.All(s => !s.Has("occupancy_place_occupied", ("place", gym))),
            "no silo reports the gym once its activation is gone");

        // Used again: activated on some silo, reported by that one only, with the stored count.
        await Expect(admin.GetAsync($"/api/facilities/{gym}"), HttpStatusCode.OK);
        var holder = await ReportedByOneSilo(gym, occupied: 7, "the gym, activated again");

        // Its silo killed: the place moves to the other silo and is reported there, once.
        stack.Kill(stack.Silos.Single(s => s.Number == holder));
        await Eventually.Until(async () =>
        {
            try
            {
                return (await admin.GetAsync($"/api/facilities/{gym}")).IsSuccessStatusCode;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, "the gym answers again after its silo was killed", MovesWithin);
        var next = await ReportedByOneSilo(gym, occupied: 7, "the gym, on the silo left");
        Assert.NotEqual(holder, next);
    }

    /// <summary>Waits until exactly one running silo reports the place with this count; answers which one.</summary>
    private async Task<int> ReportedByOneSilo(string place, int occupied, string what)
    {
        IReadOnlyDictionary<int, Scrape> silos = new Dictionary<int, Scrape>();
        int[] Reporting() => silos.Where(s => s.Value.Has("occupancy_place_occupied", ("place", place))).Select(s => s.Key).ToArray();
        await Eventually.Until(async () =>
        {
            silos = await stack.ScrapeSilosAsync();
            var reporting = Reporting();
            return reporting.Length == 1 && silos[reporting[0]].Sum("occupancy_place_occupied", ("place", place)) == occupied;
        }, $"{what}: reported by exactly one silo with {occupied} people", MovesWithin);
        // Once settled, a fresh look still finds one.
        silos = await stack.ScrapeSilosAsync();
        return Assert.Single(Reporting());
    }

    private async Task<HttpClient> Admin() =>
        (await stack.SignInAsync("/api/auth/staff", new { username = "admin", password = "demo-admin-2026" })).Client;

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 17)];

    private static string NewPhone() => "139" + Random.Shared.NextInt64(10_000_000, 99_999_999);

    private static async Task<(string Site, string Gym)> Place(HttpClient admin)
    {
        var site = NewId("site");
        await Expect(admin.PutAsJsonAsync($"/api/sites/{site}", new { name = "福明家园社区", nameEn = "Fuming", district = "鄞州区", timeZone = "Asia/Shanghai" }),
            HttpStatusCode.Created);
        var gym = NewId("gym");
        await Expect(admin.PutAsJsonAsync($"/api/facilities/{gym}", new { siteId = site, kind = "gym", name = "百姓健身房", capacity = 40 }), HttpStatusCode.Created);
        return (site, gym);
    }

    private static async Task<string> Session(HttpClient admin, string site, string facility, int capacity = 10)
    {
        var session = NewId("yoga");
        var starts = DateTimeOffset.UtcNow.AddHours(3);
        await Expect(admin.PutAsJsonAsync($"/api/sessions/{session}", new
        {
            siteId = site, facilityId = facility, title = "瑜伽", titleEn = "Yoga", category = "class", place = "操课室",
            startsAt = starts, endsAt = starts.AddHours(1), capacity, waitlistCapacity = 5,
            bookingOpensAt = DateTimeOffset.UtcNow.AddHours(-1), bookingClosesAt = starts.AddMinutes(-10), cancelFreeUntil = starts.AddHours(-2),
            eligibility = new { ageGroups = new[] { "senior", "adult" }, annualCardRequired = false },
        }), HttpStatusCode.Created);
        return session;
    }

    private static async Task<string> Member(HttpClient admin, string site, string phone)
    {
        var member = NewId("m");
        await Expect(admin.PutAsJsonAsync($"/api/members/{member}", new { name = "杨根有", phone, homeSiteId = site, ageGroup = "senior", resident = true }),
            HttpStatusCode.Created);
        return member;
    }

    private static async Task Expect(Task<HttpResponseMessage> request, HttpStatusCode status)
    {
        using var response = await request;
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static bool Grew(Scrape before, Scrape after, string metric, params (string, string)[] labels) =>
        after.Sum(metric, labels) > before.Sum(metric, labels);

    private static bool Grew(IReadOnlyDictionary<int, Scrape> before, IReadOnlyDictionary<int, Scrape> after, string metric, params (string, string)[] labels) =>
        after.Values.Sum(s => s.Sum(metric, labels)) > before.Values.Sum(s => s.Sum(metric, labels));

    private static double Total(IReadOnlyDictionary<int, Scrape> silos, string metric) => silos.Values.Sum(s => s.Sum(metric));
}
