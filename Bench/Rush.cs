using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Occupancy.Grains;

namespace Occupancy.Bench;

/// <summary>
/// The rush: a popular class opens and everyone presses at once. Creates a session with a few seats and a
/// waitlist, then sends one booking per member, all at once, over HTTP. Reports how long until every booker
/// had an answer, the latency percentiles, and checks the outcome: exactly the capacity confirmed, the
/// waitlist in order, the rest refused as full.
/// </summary>
internal static class Rush
{
    public static async Task<string> Run(Uri api, int bookers, int capacity, int waitlist, BenchTokens? tokens)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024 }) { BaseAddress = api, Timeout = TimeSpan.FromMinutes(5) };
        // Setup as an administrator; each booker as the resident they are (1,000 distinct subjects from one address).
        if (tokens is not null) http.DefaultRequestHeaders.Authorization = new("Bearer", tokens.Admin());
        var run = Guid.NewGuid().ToString("N")[..8];
        var sessionId = $"rush-{run}";
        var startsAt = DateTimeOffset.UtcNow.AddDays(2);
        await Ensure(http.PutAsJsonAsync($"/api/sessions/{sessionId}", new
        {
            siteId = "fuming", facilityId = "fuming-gym", title = "瑜伽（抢课）", titleEn = "Yoga (rush)", category = "class", place = "操课室",
            startsAt, endsAt = startsAt.AddHours(1), capacity, waitlistCapacity = waitlist,
            bookingOpensAt = DateTimeOffset.UtcNow.AddMinutes(-1), bookingClosesAt = startsAt.AddMinutes(-10), cancelFreeUntil = startsAt.AddHours(-2),
            eligibility = new { ageGroups = new[] { "senior", "adult", "child" }, annualCardRequired = false },
        }, OccupancyJson.Options), "create the session");

        var members = Enumerable.Range(0, bookers).Select(i => $"rush-{run}-{i:D4}").ToArray();
        await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
            await Ensure(http.PutAsJsonAsync($"/api/members/{id}", new { name = $"居民{id[^4..]}", phone = $"139{Math.Abs(id.GetHashCode()) % 100_000_000:D8}", homeSiteId = "fuming", ageGroup = "adult", resident = true, family = Array.Empty<string>() }, OccupancyJson.Options), "create a member"));

        var latency = new Latencies();
        var outcomes = new (HttpStatusCode Status, string? Code, int? Position, long AnsweredAt)[bookers];
        using var gate = new SemaphoreSlim(0);
        var tasks = members.Select(async (member, i) =>
        {
            await gate.WaitAsync();
            var sent = Stopwatch.GetTimestamp();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{sessionId}/bookings") { Content = JsonContent.Create(new { memberId = member }) };
            request.Headers.Add("Idempotency-Key", $"{member}-rush");
            if (tokens is not null) request.Headers.Authorization = new("Bearer", tokens.Resident(member));
            using var response = await http.SendAsync(request);
            var answered = Stopwatch.GetTimestamp();
            latency.Add(Stopwatch.GetElapsedTime(sent, answered));
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            outcomes[i] = (response.StatusCode,
                body.TryGetProperty("code", out var code) ? code.GetString() : body.GetProperty("status").GetString(),
                body.TryGetProperty("waitlistPosition", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : null,
                answered);
        }).ToArray();
        var started = Stopwatch.GetTimestamp();
        gate.Release(bookers);
        await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(started);

        var session = await http.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}");
        var confirmed = outcomes.Count(o => o.Code == "confirmed");
        var waitlisted = outcomes.Where(o => o.Code == "waitlisted").ToArray();
        var full = outcomes.Count(o => o.Code == "full");
        var other = outcomes.Where(o => o.Code is not ("confirmed" or "waitlisted" or "full")).GroupBy(o => $"{(int)o.Status} {o.Code}").Select(g => $"{g.Key} ×{g.Count()}");
        // Fair: the grain hands out positions 1..n in arrival order, each once (the client cannot see arrival order itself).
        var positions = waitlisted.Select(o => o.Position ?? 0).Order().ToArray();
        var inOrder = positions.SequenceEqual(Enumerable.Range(1, waitlisted.Length));
        return $"""
            ## The rush: {bookers} concurrent bookers, one {capacity}-seat session, waitlist {waitlist} (HTTP)
            - all answered in {elapsed.TotalSeconds:F2} s ({bookers / elapsed.TotalSeconds:F0} bookings/s)
            - latency: {latency.Summary()}
            - confirmed {confirmed} (session says booked {session.GetProperty("booked").GetInt32()}), waitlisted {waitlisted.Length} (positions exactly 1..{waitlisted.Length}: {inOrder}), full {full}{(other.Any() ? ", other: " + string.Join(", ", other) : "")}
            - correct: {confirmed == capacity && waitlisted.Length == Math.Min(waitlist, bookers - capacity) && full == bookers - capacity - waitlisted.Length}
            """;
    }

    private static async Task Ensure(Task<HttpResponseMessage> call, string what)
    {
        using var response = await call;
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Could not {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
