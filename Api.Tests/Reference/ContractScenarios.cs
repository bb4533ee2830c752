using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Occupancy.Api.Tests.Access;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Cards;
using Occupancy.Grains.Catalog;
using Occupancy.Grains.Members;
using Orleans.TestingHost;

namespace Occupancy.Api.Tests.Reference;

/// <summary>
/// The answers the access matrix and the hostile suite cannot provoke: the domain's conflicts, successes that need a
/// real account, a spent rate budget, an oversized body on every operation, and a cluster that no longer answers. Run once per fixture for the document's comparison; each scenario records only what it set out to provoke.
/// </summary>
internal static partial class ContractScenarios
{
    internal sealed record ScenarioRun(ObservedAnswers Observed, IReadOnlyList<string> Notes);

    public static Task<ScenarioRun> Run(ApiFixture api) => api.Runs.Once("contract scenarios", () => RunAll(api));

    private const string BadId = "Not_An_Id";

    private static async Task<ScenarioRun> RunAll(ApiFixture api)
    {
        var observed = new ObservedAnswers();
        var notes = new ConcurrentQueue<string>();
        var operations = Operations(await PublishedDocumentTests.Served(api));
        await Domain(api, observed);
        await Demo(api, observed);
        await AbsenceAlerts(api, observed);
        await Checkin(api, observed);
        await OversizedBodies(api, operations, observed);
        await SpentBudgets(api, operations, observed);
        await ClusterGone(api, observed, notes);
        return new ScenarioRun(observed, [.. notes]);
    }

    /// <summary>Every operation of the document: method and route template.</summary>
    private static List<(string Method, string Template)> Operations(JsonElement document) =>
        [.. document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(o => (o.Name.ToUpperInvariant(), p.Name)))];

    private static string Concrete(string template) => System.Text.RegularExpressions.Regex.Replace(template, "\\{[^}]+\\}", "scenario-1");

    private static async Task<(int Status, JsonElement Body)> Send(HttpClient client, ObservedAnswers? observed, string method, string path,
        object? body = null, string? key = null, string? token = null, Func<int, bool>? only = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = JsonContent.Create(body, options: ApiFixture.Json);
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        if (token is not null) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (only?.Invoke((int)response.StatusCode) ?? true) observed?.Record(response, text);
        return ((int)response.StatusCode, text.Length > 0 && text[0] is '{' or '[' ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    /// <summary>Conflicts, successes and refusals that need a world in a given state.</summary>
    private static async Task Domain(ApiFixture api, ObservedAnswers observed)
    {
        var w = await AccessWorld.Create(api);
        var admin = api.Http;
        var now = DateTimeOffset.UtcNow;
        object Session(int capacity = 10, int waitlist = 5, int startsIn = 20, int opensIn = -1440, int closesIn = 15, string[]? ages = null) => new
        {
            siteId = w.SiteA, facilityId = w.Gym, title = "太极", category = "class",
            startsAt = now.AddMinutes(startsIn), endsAt = now.AddMinutes(startsIn + 60), capacity, waitlistCapacity = waitlist,
            bookingOpensAt = now.AddMinutes(opensIn), bookingClosesAt = now.AddMinutes(Math.Min(closesIn, startsIn)), cancelFreeUntil = now.AddMinutes(Math.Min(closesIn, startsIn) - 5),
            eligibility = new { ageGroups = ages ?? ["senior", "adult"] },
        };
        async Task<string> NewSession(object definition)
        {
            var id = Catalog.NewId("scenario");
            await Send(admin, observed, "PUT", $"/api/sessions/{id}", definition);
            return id;
        }

        // Created (201) where the matrix only replaces.
        await Send(admin, observed, "PUT", $"/api/facilities/{Catalog.NewId("gym")}", Catalog.Gym(w.SiteA));
        await Send(admin, observed, "PUT", $"/api/canteens/{Catalog.NewId("canteen")}", Catalog.Canteen(w.SiteA));
        var newcomer = Catalog.NewId("m");
        await Send(admin, observed, "PUT", $"/api/members/{newcomer}", w.Profile("新住户", "13900000009", w.SiteA));
        // Replaced (200) where the matrix only creates.
        await Send(admin, observed, "PUT", $"/api/admin/staff/{w.StaffAccount}", new { name = "王丽", role = "staff", sites = new[] { w.SiteA } });
        await Send(admin, observed, "DELETE", $"/api/admin/devices/{Catalog.NewId("dev")}");

        // A well-formed request to an id of no valid shape.
        await Send(admin, observed, "POST", $"/api/sessions/{BadId}/bookings", new { memberId = w.Own });
        await Send(admin, observed, "PUT", $"/api/sessions/{BadId}", w.SessionDefinition());
        await Send(admin, observed, "PUT", $"/api/sites/{BadId}", Catalog.Site());
        await Send(admin, observed, "PUT", $"/api/facilities/{BadId}/occupancy", new { occupied = 3, zoneId = "machines" });
        await Send(admin, observed, "PUT", $"/api/members/{BadId}/pin", new { pin = "2468" });
        await Send(admin, observed, "PUT", $"/api/canteens/{BadId}/tables/t01", new { occupied = 2 });

        // More than the place holds.
        await Send(admin, observed, "PUT", $"/api/facilities/{w.Gym}/occupancy", new { occupied = 999, zoneId = "machines" });
        await Send(admin, observed, "PUT", $"/api/canteens/{w.Canteen}/tables/t01", new { occupied = 99 });

        // A visit counted, then acknowledged as already counted (200), and one at a canteen serving no meal now (409).
        await Send(admin, observed, "POST", $"/api/canteens/{w.Canteen}/visits", new { cardNumber = w.DinerCard });
        await Send(admin, observed, "POST", $"/api/canteens/{w.Canteen}/visits", new { cardNumber = w.DinerCard });
        var closed = Catalog.NewId("canteen");
        await Send(admin, null, "PUT", $"/api/canteens/{closed}",
            new { siteId = w.SiteA, name = "未开餐食堂", mealHours = Array.Empty<object>(), tables = new[] { new { id = "t01", seats = 4 } } });
        await Send(admin, observed, "POST", $"/api/canteens/{closed}/visits", new { cardNumber = w.DinerCard });

        // Moving a place to another site.
        await Send(admin, observed, "PUT", $"/api/facilities/{w.Gym}", Catalog.Gym(w.SiteB));
        await Send(admin, observed, "PUT", $"/api/canteens/{w.Canteen}", Catalog.Canteen(w.SiteB));

        // Booking refusals.
        await Send(admin, observed, "POST", $"/api/sessions/{w.Session}/bookings", new { memberId = w.Own });
        var tiny = await NewSession(Session(capacity: 1, waitlist: 0, startsIn: 300));
        await Send(admin, observed, "POST", $"/api/sessions/{tiny}/bookings", new { memberId = w.Family });
        await Send(admin, observed, "POST", $"/api/sessions/{tiny}/bookings", new { memberId = w.Other });
        await Send(admin, observed, "POST", $"/api/sessions/{await NewSession(Session(startsIn: 3000, opensIn: 1440, closesIn: 2900))}/bookings", new { memberId = w.Own });
        await Send(admin, observed, "POST", $"/api/sessions/{await NewSession(Session(startsIn: 30, opensIn: -1440, closesIn: -5))}/bookings", new { memberId = w.Own });
        await Send(admin, observed, "POST", $"/api/sessions/{await NewSession(Session(startsIn: 25))}/bookings", new { memberId = w.Own });
        await Send(admin, observed, "POST", $"/api/sessions/{await NewSession(Session(startsIn: 600, ages: ["child"]))}/bookings", new { memberId = w.Own });

        // More upcoming bookings of one category than a member may hold.
        for (var i = 0; i <= 5; i++)
            await Send(admin, observed, "POST", $"/api/sessions/{await NewSession(Session(startsIn: 2000 + 100 * i, closesIn: 1900 + 100 * i))}/bookings", new { memberId = newcomer });

        // A checked-in booking cannot be cancelled.
        await Send(admin, observed, "POST", $"/api/sessions/{w.Session}/bookings/{w.Booking}/check-in");
        await Send(admin, observed, "DELETE", $"/api/sessions/{w.Session}/bookings/{w.Booking}");

        // Capacity below the booked seats; a cancelled session; a check-in long before the start.
        var two = await NewSession(Session(capacity: 2, startsIn: 900));
        await Send(admin, observed, "POST", $"/api/sessions/{two}/bookings", new { memberId = w.Family });
        var (_, booked) = await Send(admin, observed, "POST", $"/api/sessions/{two}/bookings", new { memberId = w.Other });
        await Send(admin, observed, "PUT", $"/api/sessions/{two}", Session(capacity: 1, startsIn: 900));
        await Send(admin, observed, "POST", $"/api/sessions/{two}/bookings/{Id(booked, "bookingId")}/check-in");
        await Send(admin, observed, "POST", $"/api/sessions/{two}/cancel");
        await Send(admin, observed, "POST", $"/api/sessions/{two}/cancel");
        await Send(admin, observed, "POST", $"/api/sessions/{two}/bookings", new { memberId = w.Own });
        await Send(admin, observed, "DELETE", $"/api/sessions/{two}/bookings/{Id(booked, "bookingId")}");

        // One Idempotency-Key, used once successfully, then on every other route that reads one.
        var key = Catalog.NewId("key");
        await Send(admin, observed, "POST", $"/api/facilities/{w.Gym}/entries", new { count = 1, zoneId = "machines" }, key);
        await Send(admin, observed, "POST", $"/api/facilities/{w.Gym}/exits", new { count = 1, zoneId = "machines" }, key);
        await Send(admin, observed, "POST", $"/api/facilities/{Catalog.NewId("gym")}/entries", new { count = 1, zoneId = "machines" }, key);
        await Send(admin, observed, "POST", $"/api/sessions/{w.Session}/bookings", new { memberId = w.Family }, key);
        await Send(admin, observed, "DELETE", $"/api/sessions/{w.Session}/bookings/{w.Booking}", key: key);
        await Send(admin, observed, "POST", $"/api/sessions/{w.Session}/bookings/{w.Booking}/check-in", key: key);
        await Send(admin, observed, "POST", $"/api/sessions/{w.Session}/cancel", key: key);
        await Send(admin, observed, "POST", $"/api/members/{w.Own}/waive", key: key);

        // Signing in for real: staff (then renewing), a resident with the PIN the desk set, a device with its secret.
        var password = "a-long-enough-password";
        await Send(admin, observed, "PUT", $"/api/admin/staff/{w.StaffAccount}", new { name = "王丽", role = "staff", sites = new[] { w.SiteA }, password });
        var (_, staff) = await Send(api.Anonymous, observed, "POST", "/api/auth/staff", new { username = w.StaffAccount, password });
        await Send(api.Anonymous, observed, "POST", "/api/auth/refresh", token: Id(staff, "accessToken"));
        var (_, card) = await Send(admin, observed, "PUT", $"/api/members/{w.Family}/pin", new { pin = "2468" });
        await Send(api.Anonymous, observed, "POST", "/api/auth/resident", new { cardNumber = Id(card, "cardNumber"), pin = "2468" });
        var (_, device) = await Send(admin, observed, "POST", "/api/admin/devices", new { name = "出口闸机", facilityId = w.Gym });
        await Send(api.Anonymous, observed, "POST", "/api/auth/device", new { deviceId = Id(device, "deviceId"), secret = Id(device, "secret") });
    }

    private static string Id(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) ? value.GetString() ?? "missing" : "missing";

    /// <summary>The demo shortcuts answer a visitor on the machine itself.</summary>
    private static async Task Demo(ApiFixture api, ObservedAnswers observed)
    {
        await using var node = api.StartNode().WithWebHostBuilder(web => web.ConfigureServices(s => s.AddSingleton<IStartupFilter, FromLoopback>()));
        using var client = node.CreateClient();
        // The demo resident as the silo seeds it (the test cluster does not load the catalog).
        var catalog = DemoCatalog.Load();
        var grains = api.Cluster.Client;
        await grains.GetGrain<IMemberGrain>("m-1024").DefineIfAbsent(MemberProfile.FromCatalog(catalog.Members.Single(m => m.Id == "m-1024")));
        var card = catalog.ResidentCardsOrEmpty.Single(c => c.MemberId == "m-1024");
        await grains.GetGrain<IMemberCardGrain>(card.MemberId).SeedIfAbsent(card.CardNumber, card.Pin);
        await Send(client, observed, "GET", "/api/auth/demo");
        await Send(client, observed, "POST", "/api/auth/demo/resident-m-1024");
    }

    private sealed class FromLoopback : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    /// <summary>A body over the limit is 413 on every operation, whatever it reads.</summary>
    private static async Task OversizedBodies(ApiFixture api, List<(string Method, string Template)> operations, ObservedAnswers observed)
    {
        var oversized = new string('x', 70 * 1024);
        foreach (var (method, template) in operations)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), Concrete(template)) { Content = new StringContent(oversized, Encoding.UTF8, "application/json") };
            using var response = await api.Http.SendAsync(request);
            if ((int)response.StatusCode == 413) observed.Record(response, await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>With budgets of one request, the second call of a caller is 429 on every /api operation.</summary>
    private static async Task SpentBudgets(ApiFixture api, List<(string Method, string Template)> operations, ObservedAnswers observed)
    {
        await using var node = api.StartNode().WithWebHostBuilder(web =>
        {
            web.UseSetting("RateLimits:Enabled", "true");
            foreach (var budget in new[] { "SubjectWrites", "SubjectReads", "AddressWrites", "AddressReads", "PhoneLookups" }) web.UseSetting($"RateLimits:{budget}", "1");
        });
        using var client = node.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", api.TokenFor(Actor.Admin("scenario-budget")));
        foreach (var (method, template) in operations.Concat(operations))
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), Concrete(template));
            using var response = await client.SendAsync(request);
            if ((int)response.StatusCode == 429) observed.Record(response, await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>The matrix's requests to a node whose cluster has stopped: 503 cluster-unavailable, the outcome unknown.</summary>
    private static async Task ClusterGone(ApiFixture api, ObservedAnswers observed, ConcurrentQueue<string> notes)
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.AddSiloBuilderConfigurator<InMemorySilo>();
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        await using var node = ApiNode.On(cluster, api.DataDir, web =>
            web.ConfigureServices(s => s.AddTransient<IStartupFilter, OperationIdHeader>().AddSingleton<IStartupFilter, FromLoopback>()));
        using var admin = node.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", api.TokenFor(Actor.Admin("scenario-outage")));
        var world = AccessWorld.Unstaged(api);
        await cluster.StopAllSilosAsync();

        var rows = AccessMatrix.Rows.Where(r => r.Route.StartsWith("/api", StringComparison.Ordinal) || r.Route.StartsWith("/health", StringComparison.Ordinal));
        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (row, _) =>
        {
            var (path, body) = row.Request(world);
            var (status, _) = await Send(admin, observed, row.Method, path, body, only: status => status == 503);
            if (status != 503) notes.Enqueue($"{row} answered {status} with the cluster gone");
        });
    }

    private sealed class InMemorySilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage(StorageNames.Occupancy);
            silo.UseInMemoryReminderService();
            silo.ConfigureServices(services => services.AddOccupancyDomain());
        }
    }
}
