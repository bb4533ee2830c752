using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Occupancy.Bench.Harness;
using Occupancy.Grains;

namespace Occupancy.Bench.Scenarios;

/// <summary>
/// The rush's load, the same against the system, its floors and the PostgreSQL peer: a session is defined
/// (<c>PUT /api/sessions/{id}</c>), its bookers are registered (<c>PUT /api/members/{id}</c>), then every booker sends
/// <c>POST /api/sessions/{id}/bookings</c> with an <c>Idempotency-Key</c> at the same instant, each over a fresh TCP
/// connection of its own (a handler per booker, opened inside the timed request and closed after), as a thousand phones
/// would. A booker answered 503 (outcome unknown) then retries with the same key until the answer is known, untimed.
/// Afterwards <c>GET /api/sessions/{id}</c> says what the server holds. Only the first booking requests are timed.
/// </summary>
internal static class RushLoad
{
    /// <summary>Runs one rush against <paramref name="api"/>; <paramref name="run"/> makes the session's and members' ids fresh.</summary>
    /// <param name="tokens">Bearer tokens of the system (admin for the setup, each booker as the resident they are); null sends none.</param>
    public static async Task<RushOutcome> RunAsync(Uri api, RushSize size, BenchTokens? tokens, string run, CancellationToken cancellationToken = default)
    {
        using var setup = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16 }) { BaseAddress = api, Timeout = TimeSpan.FromMinutes(2) };
        if (tokens is not null) setup.DefaultRequestHeaders.Authorization = new("Bearer", tokens.Admin());
        var sessionId = $"rush-{run}";
        var startsAt = DateTimeOffset.UtcNow.AddDays(2);
        await SetupCall.Ensure(() => setup.PutAsJsonAsync($"/api/sessions/{sessionId}", new
        {
            siteId = "fuming", facilityId = "fuming-gym", title = "瑜伽（抢课）", titleEn = "Yoga (rush)", category = "class", place = "操课室",
            startsAt, endsAt = startsAt.AddHours(1), capacity = size.Capacity, waitlistCapacity = size.Waitlist,
            bookingOpensAt = DateTimeOffset.UtcNow.AddMinutes(-1), bookingClosesAt = startsAt.AddMinutes(-10), cancelFreeUntil = startsAt.AddHours(-2),
            eligibility = new { ageGroups = new[] { "senior", "adult", "child" }, annualCardRequired = false },
        }, OccupancyJson.Options, cancellationToken), "define the session");

        var members = Enumerable.Range(0, size.Bookers).Select(i => $"rush-{run}-{i:D4}").ToArray();
        await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (id, ct) =>
            await SetupCall.Ensure(() => setup.PutAsJsonAsync($"/api/members/{id}", new
            {
                name = $"居民{id[^4..]}", phone = $"139{(uint)id.GetHashCode() % 100_000_000:D8}", homeSiteId = "fuming", ageGroup = "adult", resident = true,
                family = Array.Empty<string>(),
            }, OccupancyJson.Options, ct), "register a member"));

        // Everything a booker needs is made before the start; the connection itself is opened inside the timed request.
        var bookers = members.Select(member => new Booker(member, tokens?.Resident(member), new HttpClient(
            new SocketsHttpHandler { MaxConnectionsPerServer = 1, PooledConnectionLifetime = Timeout.InfiniteTimeSpan }, disposeHandler: true)
        {
            BaseAddress = api, Timeout = TimeSpan.FromMinutes(2),
        })).ToArray();
        var latency = new Latencies();
        var answers = new (HttpStatusCode Status, string? Code, int? Position)[size.Bookers];
        using var gate = new SemaphoreSlim(0);
        var tasks = bookers.Select(async (booker, i) =>
        {
            using var http = booker.Http;
            await gate.WaitAsync(cancellationToken);
            using var request = BookingRequest(sessionId, booker);
            var sent = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            latency.Add(Stopwatch.GetElapsedTime(sent));
            answers[i] = Read(response.StatusCode, body);
        }).ToArray();
        var started = Stopwatch.GetTimestamp();
        gate.Release(size.Bookers);
        await Task.WhenAll(tasks);
        var allAnswered = Stopwatch.GetElapsedTime(started);

        // A 503 says the outcome is unknown (CONTRACT.md): the booker retries with the same key, as the app does, untimed.
        var unknown = Enumerable.Range(0, size.Bookers).Where(i => answers[i].Status == HttpStatusCode.ServiceUnavailable).ToArray();
        using var retries = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16 }) { BaseAddress = api, Timeout = TimeSpan.FromMinutes(2) };
        await Parallel.ForEachAsync(unknown, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
            answers[i] = await RetryUntilKnownAsync(retries, sessionId, bookers[i], ct));

        var (booked, waitlisted) = await SessionCounts(setup, sessionId, cancellationToken);
        return new RushOutcome(
            size,
            latency,
            allAnswered,
            Confirmed: answers.Count(a => a.Code == "confirmed"),
            WaitlistPositions: answers.Where(a => a.Code == "waitlisted").Select(a => a.Position ?? 0).ToArray(),
            Full: answers.Count(a => a.Status == HttpStatusCode.Conflict && a.Code == "full"),
            Other: answers.Where(a => a.Code is not ("confirmed" or "waitlisted") && !(a.Status == HttpStatusCode.Conflict && a.Code == "full"))
                .GroupBy(a => $"{(int)a.Status} {a.Code}").ToDictionary(g => g.Key, g => g.Count()),
            SessionBooked: booked,
            SessionWaitlisted: waitlisted,
            RetriedUnknown: unknown.Length);
    }

    /// <summary>The booker's request again, with its key, after each Retry-After, until the answer is not 503 (at most 20 tries).</summary>
    private static async Task<(HttpStatusCode, string?, int?)> RetryUntilKnownAsync(HttpClient http, string sessionId, Booker booker, CancellationToken cancellationToken)
    {
        (HttpStatusCode Status, string? Code, int? Position) answer = (HttpStatusCode.ServiceUnavailable, null, null);
        for (var attempt = 0; attempt < 20 && answer.Status == HttpStatusCode.ServiceUnavailable; attempt++)
        {
            using var request = BookingRequest(sessionId, booker);
            using var response = await http.SendAsync(request, cancellationToken);
            answer = Read(response.StatusCode, await response.Content.ReadAsByteArrayAsync(cancellationToken));
            if (answer.Status == HttpStatusCode.ServiceUnavailable)
                await Task.Delay(response.Headers.RetryAfter?.Delta is { } wait ? TimeSpan.FromSeconds(Math.Clamp(wait.TotalSeconds, 0.2, 10)) : TimeSpan.FromSeconds(1), cancellationToken);
        }
        return answer;
    }

    private sealed record Booker(string MemberId, string? Token, HttpClient Http);

    /// <summary>A booker's booking, with the key that makes its retries the same request.</summary>
    private static HttpRequestMessage BookingRequest(string sessionId, Booker booker)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{sessionId}/bookings")
        {
            Content = JsonContent.Create(new { memberId = booker.MemberId }),
        };
        request.Headers.Add("Idempotency-Key", $"{booker.MemberId}-rush");
        if (booker.Token is not null) request.Headers.Authorization = new("Bearer", booker.Token);
        return request;
    }

    /// <summary>A booking's status (confirmed, waitlisted) and position, or a problem's code.</summary>
    private static (HttpStatusCode, string?, int?) Read(HttpStatusCode status, byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var code = root.TryGetProperty("code", out var c) ? c.GetString()
                : root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()
                : null;
            int? position = root.TryGetProperty("waitlistPosition", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : null;
            return (status, code, position);
        }
        catch (JsonException)
        {
            return (status, "(not json)", null);
        }
    }

    /// <summary>What the server holds after the rush; null when it does not say (a floor).</summary>
    private static async Task<(int? Booked, int? Waitlisted)> SessionCounts(HttpClient http, string sessionId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"/api/sessions/{sessionId}", cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode || body.Length == 0) return (null, null);
        using var json = JsonDocument.Parse(body);
        var session = json.RootElement;
        return (session.TryGetProperty("booked", out var b) ? b.GetInt32() : null,
            session.TryGetProperty("waitlisted", out var w) ? w.GetInt32() : null);
    }
}
