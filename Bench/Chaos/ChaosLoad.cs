using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using Occupancy.Grains;

namespace Occupancy.Bench.Chaos;

/// <summary>
/// The load: oversubscribed sessions, bookers that book and cancel as residents with Idempotency-Keys and retries,
/// and probers that book and cancel on their own sessions every second to time each outage. Every op is kept in
/// <see cref="Ops"/> for the checks.
/// </summary>
internal sealed class ChaosLoad
{
    private readonly ChaosSettings _settings;
    private readonly IReadOnlyList<HttpClient> _nodes;
    private readonly BenchTokens _tokens;
    private readonly Stopwatch _clock;
    private readonly ChaosClient _client;
    private readonly string _run = Guid.NewGuid().ToString("N")[..6];

    public ChaosLoad(ChaosSettings settings, IReadOnlyList<HttpClient> nodes, BenchTokens tokens, Stopwatch clock)
    {
        _settings = settings;
        _nodes = nodes;
        _tokens = tokens;
        _clock = clock;
        _client = new ChaosClient(nodes, tokens, clock, settings.RequestTimeout, settings.ProbeTimeout);
        SessionIds = Enumerable.Range(0, settings.Sessions).Select(i => $"chaos-{_run}-s{i:D2}").ToArray();
        ProbeSessionIds = Enumerable.Range(0, settings.ProbeSessions).Select(i => $"chaos-{_run}-p{i:D2}").ToArray();
        Members = Enumerable.Range(0, settings.Bookers).Select(i => $"chaos-{_run}-m{i:D4}").ToArray();
        ProbeMembers = ProbeSessionIds.Select((_, p) => Enumerable.Range(0, 4).Select(j => $"chaos-{_run}-p{p:D2}-{j}").ToArray()).ToArray();
    }

    public IReadOnlyList<string> SessionIds { get; }

    public IReadOnlyList<string> ProbeSessionIds { get; }

    public IReadOnlyList<string> Members { get; }

    public IReadOnlyList<string[]> ProbeMembers { get; }

    public IEnumerable<string> AllSessions => SessionIds.Concat(ProbeSessionIds);

    public IEnumerable<string> AllMembers => Members.Concat(ProbeMembers.SelectMany(m => m));

    public ConcurrentQueue<BookingOp> Ops { get; } = new();

    public ConcurrentQueue<RequestSample> Samples => _client.Samples;

    /// <summary>Creates the sessions (one hour each, one after another, so no booking overlaps another) and the members, as an administrator.</summary>
    public async Task SetUpAsync()
    {
        var admin = _tokens.Admin();
        var firstStart = DateTimeOffset.UtcNow.Date.AddDays(3);
        var sessions = AllSessions.Select((id, i) => (id, i, capacity: i < SessionIds.Count ? _settings.Capacity : 5, waitlist: i < SessionIds.Count ? _settings.Waitlist : 5));
        await Parallel.ForEachAsync(sessions, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (s, _) =>
        {
            var startsAt = new DateTimeOffset(firstStart, TimeSpan.Zero).AddHours(s.i);
            await PutAsync(admin, $"/api/sessions/{s.id}", new
            {
                siteId = "fuming", facilityId = "fuming-gym", title = "瑜伽（压测）", titleEn = "Yoga (chaos)", category = "class", place = "操课室",
                startsAt, endsAt = startsAt.AddHours(1), capacity = s.capacity, waitlistCapacity = s.waitlist,
                bookingOpensAt = DateTimeOffset.UtcNow.AddMinutes(-1), bookingClosesAt = startsAt.AddMinutes(-10), cancelFreeUntil = startsAt.AddHours(-2),
                eligibility = new { ageGroups = new[] { "senior", "adult", "child" }, annualCardRequired = false },
            });
        });
        await Parallel.ForEachAsync(AllMembers.Select((id, i) => (id, i)), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (m, _) =>
            await PutAsync(admin, $"/api/members/{m.id}", new
            {
                name = $"居民{m.i:D4}", phone = $"1390{m.i:D7}", homeSiteId = "fuming", ageGroup = "adult", resident = true, family = Array.Empty<string>(),
            }));
    }

    private async Task PutAsync(string admin, string path, object body)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body, options: OccupancyJson.Options) };
            request.Headers.Authorization = new("Bearer", admin);
            try
            {
                using var response = await _nodes[attempt % _nodes.Count].SendAsync(request);
                if (response.IsSuccessStatusCode) return;
                if ((int)response.StatusCode < 500 || attempt >= 5)
                    throw new InvalidOperationException($"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            catch (HttpRequestException) when (attempt < 5)
            {
            }

            await Task.Delay(500 * attempt);
        }
    }

    /// <summary>Runs bookers and probers until <paramref name="stop"/>; then lets every op in flight reach its answer (or give up).</summary>
    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll(Members.Select((m, i) => Task.Run(() => BookerAsync(m, i, stop)))
            .Concat(ProbeSessionIds.Select((s, p) => Task.Run(() => ProbeAsync(s, p, stop)))));

    private async Task BookerAsync(string member, int index, CancellationToken stop)
    {
        var random = new Random(_settings.Seed * 100_003 + index);
        var held = new Dictionary<string, string>(); // session → booking
        var unsure = new HashSet<string>(); // sessions where a booking's outcome is unknown: not booked again
        var serial = 0;
        var first = true;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                // The first request comes at a random moment within one think time, so the bookers do not march in step.
                await Task.Delay(_settings.Think * (first ? random.NextDouble() : 1 + random.NextDouble()), stop);
                first = false;
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var key = $"{member}-{++serial}";
            BookingOp op;
            if (held.Count >= _settings.MaxHeld || (held.Count > 0 && random.NextDouble() < 0.35))
            {
                var (session, booking) = held.ElementAt(random.Next(held.Count));
                op = new BookingOp(isBook: false, session, member, key, booking);
            }
            else
            {
                var free = SessionIds.Where(s => !held.ContainsKey(s) && !unsure.Contains(s)).ToArray();
                if (free.Length == 0) continue;
                op = new BookingOp(isBook: true, free[random.Next(free.Length)], member, key, null);
            }

            Ops.Enqueue(op);
            await ExecuteAsync(op, index, random);
            if (op.IsBook)
            {
                if (op.Acknowledged && op.BookingId is not null) held[op.SessionId] = op.BookingId;
                else if (op.OutcomeUnknown) unsure.Add(op.SessionId);
            }
            else
            {
                held.Remove(op.SessionId);
                if (op.OutcomeUnknown) unsure.Add(op.SessionId);
            }
        }
    }

    /// <summary>Retries with the same key, backing off from 500 ms to 5 s (with jitter), until a definite answer or the give-up bound.</summary>
    private async Task ExecuteAsync(BookingOp op, int node, Random random)
    {
        var delay = TimeSpan.FromMilliseconds(500);
        while (!await _client.AttemptAsync(op, node, probe: false))
        {
            if (_clock.Elapsed - op.FirstSent > _settings.GiveUpAfter) return;
            await Task.Delay(delay * (0.5 + random.NextDouble()));
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }
    }

    /// <summary>
    /// Books, cancels, books the next prober member, … one attempt per tick; a failed attempt is repeated with the same
    /// key at the next tick, as a client would.
    /// </summary>
    private async Task ProbeAsync(string session, int index, CancellationToken stop)
    {
        var members = ProbeMembers[index];
        var next = 0;
        string? held = null;
        BookingOp? op = null;
        var serial = 0;
        using var ticks = new PeriodicTimer(_settings.ProbeEvery);
        try
        {
            while (await ticks.WaitForNextTickAsync(stop))
            {
                if (op is null)
                {
                    op = held is null
                        ? new BookingOp(isBook: true, session, members[next], $"{members[next]}-{++serial}", null)
                        : new BookingOp(isBook: false, session, members[next], $"{members[next]}-{++serial}", held);
                    Ops.Enqueue(op);
                }

                if (!await _client.AttemptAsync(op, index, probe: true)) continue;
                if (op.IsBook && op.Acknowledged)
                {
                    held = op.BookingId;
                }
                else
                {
                    held = null;
                    next = (next + 1) % members.Length;
                }

                op = null;
            }
        }
        catch (OperationCanceledException)
        {
        }

        if (op is not null) await ExecuteAsync(op, index, new Random(index));
    }
}
