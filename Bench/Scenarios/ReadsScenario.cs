using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Occupancy.Bench.Floors;
using Occupancy.Bench.Harness;
using Occupancy.Grains;

namespace Occupancy.Bench.Scenarios;

/// <summary>
/// Reads: a facility snapshot (public GET) and a site's week listing of 120 sessions, each by concurrent readers
/// in a closed loop (each sends its next GET when the last is answered), next to bare Kestrel returning the same
/// bytes. Options: --readers (32), --seconds per repetition (5), --sessions (120), --floor-port (5600).
/// </summary>
internal sealed class ReadsScenario : IScenario
{
    private const string Scenario = "reads";

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

        // The floor answers the very bytes the system gave.
        var folder = Directory.CreateTempSubdirectory("reads-floor-");
        var manifest = new Dictionary<string, string>();
        foreach (var (name, path) in new[] { ("snapshot", snapshotPath), ("listing", listingPath) })
        {
            var file = Path.Combine(folder.FullName, name + ".json");
            await File.WriteAllBytesAsync(file, await admin.GetByteArrayAsync(path));
            manifest[new Uri(context.Api, path).AbsolutePath] = file;
        }
        var manifestFile = Path.Combine(folder.FullName, "manifest.json");
        await File.WriteAllTextAsync(manifestFile, JsonSerializer.Serialize(manifest));
        var listingBytes = new FileInfo(manifest[new Uri(context.Api, listingPath).AbsolutePath]).Length;

        try
        {
            await using var floor = await FloorServer.StartAsync("bare-json", floorPort, new Dictionary<string, string> { [BareJsonFloor.ManifestVariable] = manifestFile });
            var ours = new Dictionary<string, Measured>();
            var floors = new Dictionary<string, Measured>();
            foreach (var (what, path) in new[] { ("snapshot", snapshotPath), ("listing", listingPath) })
            {
                ours[what] = await Repeat.Run(context, Scenario, $"Occupancy: {what}", _ => ReadLoopAsync(context.Api, path, readers, seconds, what));
                report.Add(ours[what]);
                floors[what] = await Repeat.Run(context, Scenario, $"floor: bare Kestrel, {what}", _ => ReadLoopAsync(floor.Address, path, readers, seconds, what));
                report.Add(floors[what]);
            }

            foreach (var what in new[] { "snapshot", "listing" })
            {
                var target = new Target($"{what} GETs/s ≥ 0.7× bare Kestrel", ours[what], "GETs/s", floors[what], "GETs/s", 0.7);
                report.Add(Scenario, target.Met ? target : target with { Why = "see the notes: the Api's pipeline (auth, rate limits, problem details) and a grain call per GET cost more than writing fixed bytes" });
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        report.Note(Scenario, $"Floor: a bare Kestrel process (Bench floor bare-json) answering the same paths with the bytes the Api gave (listing body {listingBytes:N0} bytes); same load generator, {readers} connections.");
        report.Note(Scenario, $"The listing is `GET {listingPath}` (the default week) over {sessions} sessions created through the Api as an administrator; every GET checked to be 200.");
        report.Note(Scenario, $"A booking made through the Api showed in the listing {lag.TotalMilliseconds:F0} ms after its 201 (polled every 10 ms).");
    }

    /// <summary>A site of its own with a gym and <paramref name="count"/> sessions spread over the coming week; then a booking's lag to the listing.</summary>
    private static async Task<(string Snapshot, string Listing, TimeSpan Lag)> SetUpAsync(HttpClient admin, string run, int count, BenchContext context)
    {
        var site = $"reads-{run}";
        var gym = $"reads-{run}-gym";
        await Ensure(admin.PutAsJsonAsync($"/api/sites/{site}", new { name = "读取测试社区", nameEn = "Reads test community", district = "测试区", timeZone = "Asia/Shanghai" }, OccupancyJson.Options), "create the site");
        await Ensure(admin.PutAsJsonAsync($"/api/facilities/{gym}", new { siteId = site, kind = "culturalCentre", name = "文化中心", nameEn = "Cultural centre", capacity = 200 }, OccupancyJson.Options), "create the facility");
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, count).Select(i => $"reads-{run}-c{i:D3}").ToArray();
        var step = TimeSpan.FromHours(130.0 / Math.Max(1, count));
        context.Log($"{Scenario}: creating {count} sessions in site {site}");
        await Parallel.ForEachAsync(ids.Select((id, i) => (id, i)), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (s, _) =>
        {
            var startsAt = now.AddHours(2) + step * s.i;
            await Ensure(admin.PutAsJsonAsync($"/api/sessions/{s.id}", new
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
        await Ensure(admin.PutAsJsonAsync($"/api/members/{member}", new { name = "读者", phone = "13900000000", homeSiteId = site, ageGroup = "adult", resident = true, family = Array.Empty<string>() }, OccupancyJson.Options), "create a member");
        using var book = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{ids[0]}/bookings") { Content = JsonContent.Create(new { memberId = member }) };
        book.Headers.Add("Idempotency-Key", $"{member}-lag");
        await Ensure(admin.SendAsync(book), "book a seat");
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

    private static async Task Ensure(Task<HttpResponseMessage> call, string what)
    {
        using var response = await call;
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Could not {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
