using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Occupancy.Bench.Harness;
using Occupancy.Grains;

namespace Occupancy.Bench.Spread;

/// <summary>What one spread repetition answered: how many bookings were sent and created, what else came back, how fast.</summary>
internal sealed record SpreadOutcome(int Sent, int Created, IReadOnlyDictionary<string, int> Others, Latencies Latency, TimeSpan Elapsed)
{
    public double BookingsPerSecond => Created / Elapsed.TotalSeconds;

    public double CreatedShare => Sent == 0 ? 0 : 100.0 * Created / Sent;
}

/// <summary>
/// Bookings spread over many sessions: a fixed number of bookers, each sending its next booking as soon as the last
/// one was answered, on kept-alive connections. Speaks the Api's routes and bodies, so it runs against the Api and the
/// PostgreSQL peer alike (the peer ignores the fields it does not keep, and the tokens).
/// </summary>
internal static class SpreadLoad
{
    public static HttpClient Client(Uri baseAddress, int connections) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(2),
        };

    /// <summary>Sessions one hour apart (none overlaps another), open for booking now.</summary>
    public static Task DefineSessionsAsync(HttpClient http, string? adminToken, IReadOnlyList<string> ids, int capacity)
    {
        var first = DateTimeOffset.UtcNow.Date.AddDays(2);
        return ForEachAsync(ids, async (id, i) =>
        {
            var startsAt = new DateTimeOffset(first.AddHours(i), TimeSpan.Zero);
            await Define(http, $"/api/sessions/{id}", adminToken, new
            {
                siteId = "fuming", facilityId = "fuming-gym", title = $"书法 {i + 1}", titleEn = $"Calligraphy {i + 1}", category = "course", place = "活动室",
                startsAt, endsAt = startsAt.AddMinutes(50), capacity, waitlistCapacity = 0,
                bookingOpensAt = DateTimeOffset.UtcNow.AddMinutes(-1), bookingClosesAt = startsAt.AddMinutes(-10), cancelFreeUntil = startsAt.AddHours(-2),
                eligibility = new { ageGroups = new[] { "senior", "adult", "child" }, annualCardRequired = false },
            }, "define a session");
        });
    }

    /// <summary>Fresh residents, one per booking, so no member rule (overlap, caps) refuses one.</summary>
    public static Task DefineMembersAsync(HttpClient http, string? adminToken, IReadOnlyList<string> ids) =>
        ForEachAsync(ids, (id, i) => Define(http, $"/api/members/{id}", adminToken, new
        {
            name = $"居民{i:D5}", phone = $"13{Random.Shared.NextInt64(100_000_000, 1_000_000_000):D9}", homeSiteId = "fuming", ageGroup = "adult",
            resident = true, family = Array.Empty<string>(),
        }, "define a member"));

    /// <param name="tokens">Each booking's bearer token (its member's own), minted before the clock starts; null entries send none.</param>
    public static async Task<SpreadOutcome> BookAsync(HttpClient http, IReadOnlyList<(string SessionId, string MemberId)> bookings,
        IReadOnlyList<string?> tokens, int bookers)
    {
        var latency = new Latencies();
        var answers = new string[bookings.Count];
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, bookers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < bookings.Count)
            {
                var (sessionId, memberId) = bookings[i];
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{sessionId}/bookings")
                {
                    Content = JsonContent.Create(new { memberId }),
                };
                request.Headers.Add("Idempotency-Key", $"{memberId}-spread");
                if (tokens[i] is { } token) request.Headers.Authorization = new("Bearer", token);
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.SendAsync(request);
                    var body = await response.Content.ReadAsByteArrayAsync();
                    latency.Add(Stopwatch.GetElapsedTime(sent));
                    answers[i] = response.StatusCode == HttpStatusCode.Created ? "201" : $"{(int)response.StatusCode} {CodeOf(body)}";
                }
                catch (HttpRequestException e)
                {
                    latency.Add(Stopwatch.GetElapsedTime(sent));
                    answers[i] = $"no answer ({e.HttpRequestError})";
                }
            }
        }));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var others = answers.Where(a => a != "201").GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count());
        return new SpreadOutcome(bookings.Count, answers.Count(a => a == "201"), others, latency, elapsed);
    }

    private static string CodeOf(byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement.TryGetProperty("code", out var code) ? code.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static Task ForEachAsync(IReadOnlyList<string> ids, Func<string, int, Task> each) =>
        Parallel.ForEachAsync(Enumerable.Range(0, ids.Count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) => await each(ids[i], i));

    private static Task Define(HttpClient http, string path, string? token, object body, string what) =>
        SetupCall.Ensure(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body, options: OccupancyJson.Options) };
            if (token is not null) request.Headers.Authorization = new("Bearer", token);
            return http.SendAsync(request);
        }, what);
}
