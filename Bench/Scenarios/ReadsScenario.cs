using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Occupancy.Bench.Floors;
using Occupancy.Bench.Harness;
using Occupancy.Grains;

namespace Occupancy.Bench.Scenarios;

/// <summary>
/// Reads: a facility snapshot (public GET) and a site's week listing of 120 sessions, each by concurrent readers
/// in a closed loop (each sends its next GET when the last is answered), next to two floors answering the same
/// bytes: bare Kestrel, and the Api's own middleware in front of them. Options: --readers (32), --seconds per
/// repetition (5), --sessions (120), --floor-port (5600; the middleware floor takes the next port).
/// </summary>
internal sealed class ReadsScenario : IScenario
{
    private const string Scenario = "reads";
    private const string Ours = "Occupancy";
    private const string BareKestrel = "floor: bare Kestrel";
    private const string ApiMiddleware = "floor: the Api's middleware, same bytes";

    public string Name => Scenario;

    public async Task Run(BenchContext context, BenchReport report)
    {
        var readers = context.Option("readers", 32);
        var seconds = context.Option("seconds", 5);
        var sessions = context.Option("sessions", 120);
        var floorPort = context.Option("floor-port", 5600);
        report.Begin(Scenario, $"Reads: a facility snapshot and a week listing of {sessions} sessions, {readers} readers in a closed loop");

        using var admin = Client(context.Api, readers);
        if (context.Tokens is not null) admin.DefaultRequestHeaders.Authorization = new("Bearer", context.Tokens.Admin());
        var run = Guid.NewGuid().ToString("N")[..8];
        var (snapshotPath, listingPath, lag) = await SetUpAsync(admin, run, sessions, context);

        // The floors answer the very bytes the system gave.
        var folder = Directory.CreateTempSubdirectory("reads-floor-");
        var bodies = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var path in new[] { snapshotPath, listingPath })
            bodies[new Uri(context.Api, path).AbsolutePath] = await admin.GetByteArrayAsync(path);
        var listingBytes = bodies[new Uri(context.Api, listingPath).AbsolutePath].Length;
        var environment = new Dictionary<string, string>
        {
            [FixedBodies.ManifestVariable] = await FixedBodies.WriteManifestAsync(folder, bodies),
            ["DATA_DIR"] = Path.GetFullPath(context.DataDir),
        };

        try
        {
            await using var bare = await FloorServer.StartAsync("bare-json", floorPort, environment);
            await using var middleware = await FloorServer.StartAsync("api-middleware", floorPort + 1, environment);
            var variants = new[] { (Name: BareKestrel, Server: bare.Address), (Name: ApiMiddleware, Server: middleware.Address), (Name: Ours, Server: context.Api) };
            var measured = new Dictionary<(string Variant, string What), Measured>();
            foreach (var (what, path) in new[] { ("snapshot", snapshotPath), ("listing", listingPath) })
            {
                foreach (var (variant, server) in variants)
                {
                    measured[(variant, what)] = await Repeat.Run(context, Scenario, $"{variant}, {what}", _ => ReadLoopAsync(server, path, readers, seconds, what));
                    report.Add(measured[(variant, what)]);
                }
            }

            foreach (var what in new[] { "snapshot", "listing" })
            {
                var target = new Target($"{what} GETs/s ≥ 0.7× bare Kestrel", measured[(Ours, what)], "GETs/s", measured[(BareKestrel, what)], "GETs/s", 0.7);
                report.Add(Scenario, target.Met ? target : target with { Why = $"the Api's middleware alone in front of these bytes: {Ratio(measured[(ApiMiddleware, what)], measured[(BareKestrel, what)])} of bare Kestrel; the rest is the call into the cluster (the round trip to the silo and the grain turns behind it)" });
                report.Note(Scenario, $"{what}: {Ours} is {Ratio(measured[(Ours, what)], measured[(ApiMiddleware, what)])} of the Api-middleware floor's GETs/s, which is {Ratio(measured[(ApiMiddleware, what)], measured[(BareKestrel, what)])} of bare Kestrel's.");
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        report.Note(Scenario, $"Floors, each a process of its own on the same load generator with {readers} connections, answering the same paths with the bytes the Api gave "
            + $"(listing body {listingBytes:N0} bytes): bare Kestrel (Bench floor bare-json: one terminal middleware), and the Api middleware (Bench floor api-middleware: "
            + "the Api's own registration and middleware, routing, the route-id and query checks, then those bytes instead of a grain call).");
        report.Note(Scenario, $"Occupancy: the snapshot is `GET {snapshotPath}` (anonymous): one grain call to the facility, whose snapshot the Api "
            + "serialises to JSON on every GET. A snapshot GET is never served from a copy that may be older than a write the caller was told of.");
        report.Note(Scenario, $"Occupancy: the listing is `GET {listingPath}` (anonymous, the default week) over {sessions} sessions created through the Api as an "
            + "administrator: one grain call to the session finder, which asks the site's summary and each day's listing (once it knows the site, both at once: "
            + "9 days that hold the week in any time zone) and joins the JSON each day listing keeps per session version; the Api writes those bytes. "
            + "Every GET checked to be 200.");
        report.Note(Scenario, $"A booking made through the Api showed in the listing {lag.TotalMilliseconds:F0} ms after its 201 (polled every 10 ms).");
    }

    private static string Ratio(Measured ours, Measured reference) =>
        string.Create(CultureInfo.InvariantCulture, $"{ours.Median("GETs/s") / reference.Median("GETs/s"):0.00}×");

    /// <summary>A site of its own with a gym and <paramref name="count"/> sessions spread over the coming week; then a booking's lag to the listing.</summary>
    private static async Task<(string Snapshot, string Listing, TimeSpan Lag)> SetUpAsync(HttpClient admin, string run, int count, BenchContext context)
    {
        var site = $"reads-{run}";
        var gym = $"reads-{run}-gym";
        await SetupCall.Ensure(() => admin.PutAsJsonAsync($"/api/sites/{site}", new { name = "读取测试社区", nameEn = "Reads test community", district = "测试区", timeZone = "Asia/Shanghai" }, OccupancyJson.Options), "create the site");
        await SetupCall.Ensure(() => admin.PutAsJsonAsync($"/api/facilities/{gym}", new { siteId = site, kind = "culturalCentre", name = "文化中心", nameEn = "Cultural centre", capacity = 200 }, OccupancyJson.Options), "create the facility");
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, count).Select(i => $"reads-{run}-c{i:D3}").ToArray();
        var step = TimeSpan.FromHours(130.0 / Math.Max(1, count));
        context.Log($"{Scenario}: creating {count} sessions in site {site}");
        await Parallel.ForEachAsync(ids.Select((id, i) => (id, i)), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (s, _) =>
        {
            var startsAt = now.AddHours(2) + step * s.i;
            await SetupCall.Ensure(() => admin.PutAsJsonAsync($"/api/sessions/{s.id}", new
            {
                siteId = site, facilityId = gym, title = $"课程 {s.i}", titleEn = $"Course {s.i}", category = "course", place = "教室",
                startsAt, endsAt = startsAt.AddHours(1), capacity = 20, waitlistCapacity = 5,
                bookingOpensAt = now.AddMinutes(-5), bookingClosesAt = startsAt.AddMinutes(-10), cancelFreeUntil = startsAt.AddHours(-1),
            }, OccupancyJson.Options), "create a session");
        });
        var listing = $"/api/sessions?siteId={site}";
        var listed = await admin.GetFromJsonAsync<JsonElement>(listing);
        if (listed.GetArrayLength() != count) throw new InvalidOperationException($"The week listing shows {listed.GetArrayLength()} sessions, not {count}.");

        var member = $"reads-{run}-m";
        await SetupCall.Ensure(() => admin.PutAsJsonAsync($"/api/members/{member}", new { name = "读者", phone = "13900000000", homeSiteId = site, ageGroup = "adult", resident = true, family = Array.Empty<string>() }, OccupancyJson.Options), "create a member");
        // Keyed, so a retry after an unknown outcome books once.
        await SetupCall.Ensure(() =>
        {
            var book = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{ids[0]}/bookings") { Content = JsonContent.Create(new { memberId = member }) };
            book.Headers.Add("Idempotency-Key", $"{member}-lag");
            return admin.SendAsync(book);
        }, "book a seat");
        var booked = Stopwatch.GetTimestamp();
        while (true)
        {
            var shown = await admin.GetFromJsonAsync<JsonElement>(listing);
            if (shown.EnumerateArray().Any(s => s.GetProperty("id").GetString() == ids[0] && s.GetProperty("booked").GetInt32() == 1)) break;
            if (Stopwatch.GetElapsedTime(booked) > TimeSpan.FromSeconds(30)) throw new InvalidOperationException("The listing did not show the booking within 30 s.");
            await Task.Delay(10);
        }
        return ($"/api/facilities/{gym}", listing, Stopwatch.GetElapsedTime(booked));
    }

    /// <summary>Each reader sends a GET, reads the whole body, and sends the next, for <paramref name="seconds"/>.</summary>
    private static async Task<Repetition> ReadLoopAsync(Uri server, string path, int readers, int seconds, string what)
    {
        using var http = Client(server, readers);
        var latency = new Latencies();
        var failures = 0;
        var stopAt = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, readers).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead);
                    if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failures);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failures);
                }
                latency.Add(Stopwatch.GetElapsedTime(sent));
            }
        }));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var notes = failures > 0 ? new[] { $"{failures} {what} GETs were not 200" } : [];
        return new Repetition([
            new Figure("GETs/s", latency.Count / elapsed.TotalSeconds, "GETs/s"),
            new Figure("p50", latency.Percentile(50), "ms"),
            new Figure("p99", latency.Percentile(99), "ms"),
        ], notes);
    }

    private static HttpClient Client(Uri server, int connections) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = server,
            Timeout = TimeSpan.FromSeconds(60),
        };
}
