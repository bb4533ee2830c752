using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Occupancy.Api.Tests.Support;

namespace Occupancy.Api.Tests.Outage;

/// <summary>One HTTP answer during the run, on the run's clock.</summary>
internal sealed record Answer(string Kind, TimeSpan SentAt, TimeSpan AnsweredAt, int Status, string? Code, bool HasRetryAfter)
{
    public TimeSpan Took => AnsweredAt - SentAt;

    public bool Succeeded => Status is >= 200 and < 300;
}

/// <summary>A booking the Api acknowledged (2xx).</summary>
internal sealed record AckedBooking(string SessionId, string MemberId, string BookingId, string Status);

/// <summary>
/// Writers and readers as the field has them, all at once against one <see cref="OutageStack"/>: residents who
/// register and book (each with an Idempotency-Key, retried with the same key on 503 as the contract says),
/// gate sensors counting entries (each with an event id, resent on 503), a canteen's table sensors, public
/// screens reading the places, and a load balancer polling readiness. Every answer is recorded with its time.
/// </summary>
internal sealed class OutageLoad(OutageStack stack, string gym, string canteen, IReadOnlyList<string> sessions)
{
    private const int Bookers = 8;
    private const int Sensors = 2;
    private const int TableSensors = 2;
    private static readonly TimeSpan SensorPace = TimeSpan.FromMilliseconds(30);
    private static readonly TimeSpan ReaderPace = TimeSpan.FromMilliseconds(250);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _noNewWork = new();
    private readonly CancellationTokenSource _stopReading = new();
    private readonly List<Task> _writers = [];
    private readonly List<Task> _readers = [];
    private int _nextMember;
    private int _nextEvent;

    public ConcurrentQueue<Answer> Writes { get; } = new();

    public ConcurrentQueue<Answer> Reads { get; } = new();

    /// <summary>Readiness answers: when, and what it said of the store.</summary>
    public ConcurrentQueue<(TimeSpan At, int Status, string? Store)> Readiness { get; } = new();

    public ConcurrentDictionary<string, AckedBooking> AckedBookings { get; } = new();

    public ConcurrentQueue<string> AckedMembers { get; } = new();

    public ConcurrentQueue<string> AckedEvents { get; } = new();

    /// <summary>Sensor events that got no answer but 503 before the run ended: their outcome is unknown.</summary>
    public ConcurrentQueue<string> UnknownEvents { get; } = new();

    public ConcurrentQueue<long> AckedTableVersions { get; } = new();

    /// <summary>Retries (same request, after a 503) that were then refused: kind and code.</summary>
    public ConcurrentQueue<string> RefusedAfterUnknown { get; } = new();

    public TimeSpan Now => _clock.Elapsed;

    public void Start()
    {
        for (var i = 0; i < Bookers; i++) _writers.Add(Task.Run(BookAsync));
        for (var i = 0; i < Sensors; i++) _writers.Add(Task.Run(CountEntriesAsync));
        for (var i = 0; i < TableSensors; i++)
        {
            var sensor = i;
            _writers.Add(Task.Run(() => SetTablesAsync(sensor)));
        }
        _readers.Add(Task.Run(ReadPlacesAsync));
        _readers.Add(Task.Run(PollReadinessAsync));
    }

    /// <summary>No new work starts; what is under way finishes (retried until it has a definite answer).</summary>
    public async Task FinishAsync(TimeSpan timeout)
    {
        await _noNewWork.CancelAsync();
        var all = Task.WhenAll(_writers);
        if (await Task.WhenAny(all, Task.Delay(timeout)) != all)
            Assert.Fail($"The writers did not finish within {timeout.TotalSeconds:F0} s of the end of the run.");
        await all;
        await _stopReading.CancelAsync();
        await Task.WhenAll(_readers);
    }

    private async Task BookAsync()
    {
        while (!_noNewWork.IsCancellationRequested)
        {
            var n = Interlocked.Increment(ref _nextMember);
            var member = $"outage-m{n:D5}-{Guid.NewGuid():N}"[..28];
            var registered = await UntilDefiniteAsync("member", () =>
                stack.Admin.PutAsJsonAsync($"/api/members/{member}", new { name = $"居民{n}", ageGroup = "adult", resident = true }, ApiFixture.Json));
            if (registered is not { } reg || !reg.Succeeded) continue;
            AckedMembers.Enqueue(member);

            var session = sessions[n % sessions.Count];
            var key = Guid.NewGuid().ToString("N");
            JsonElement body = default;
            var booked = await UntilDefiniteAsync("booking", async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session}/bookings")
                {
                    Content = JsonContent.Create(new { memberId = member }, options: ApiFixture.Json),
                };
                request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
                return await stack.Admin.SendAsync(request);
            }, read => body = read);
            if (booked is { Succeeded: true })
            {
                AckedBookings[member] = new AckedBooking(session, member, body.GetProperty("bookingId").GetString()!, body.GetProperty("status").GetString()!);
            }
        }
    }

    private async Task CountEntriesAsync()
    {
        while (!_noNewWork.IsCancellationRequested)
        {
            var eventId = $"gate-{Interlocked.Increment(ref _nextEvent):D6}";
            var counted = await UntilDefiniteAsync("entry", () =>
                stack.Admin.PostAsJsonAsync($"/api/facilities/{gym}/entries", new { count = 1, eventId }, ApiFixture.Json));
            if (counted is { Succeeded: true }) AckedEvents.Enqueue(eventId);
            else if (counted is null) UnknownEvents.Enqueue(eventId);
            await Task.Delay(SensorPace);
        }
    }

    private async Task SetTablesAsync(int sensor)
    {
        var table = sensor % 2 == 0 ? "t01" : "t02";
        for (var i = 0; !_noNewWork.IsCancellationRequested; i++)
        {
            JsonElement body = default;
            var set = await OnceAsync("table", () =>
                stack.Admin.PutAsJsonAsync($"/api/canteens/{canteen}/tables/{table}", new { occupied = i % 4 }, ApiFixture.Json), read => body = read);
            if (set.Succeeded) AckedTableVersions.Enqueue(body.GetProperty("version").GetInt64());
            await Task.Delay(SensorPace);
        }
    }

    /// <summary>
    /// Sends until the answer is definite: a 503 is retried as the contract says (same request, after
    /// Retry-After), also after the run ended, so every request ends acknowledged or refused. Null when the
    /// last answer was still 503 because the run was over.
    /// </summary>
    private async Task<Answer?> UntilDefiniteAsync(string kind, Func<Task<HttpResponseMessage>> send, Action<JsonElement>? read = null)
    {
        var giveUpAt = (TimeSpan?)null;
        var retried = false;
        while (true)
        {
            var answer = await OnceAsync(kind, send, read);
            if (answer.Status != (int)HttpStatusCode.ServiceUnavailable)
            {
                if (retried && answer.Status >= 400) RefusedAfterUnknown.Enqueue($"{kind} {answer.Status} {answer.Code}");
                return answer;
            }
            retried = true;
            if (_noNewWork.IsCancellationRequested) giveUpAt ??= Now + TimeSpan.FromSeconds(60);
            if (Now > giveUpAt) return null;
            await Task.Delay(TimeSpan.FromSeconds(answer.HasRetryAfter ? 2 : 1));
        }
    }

    private async Task<Answer> OnceAsync(string kind, Func<Task<HttpResponseMessage>> send, Action<JsonElement>? read = null)
    {
        var sentAt = Now;
        int status;
        string? code = null;
        var retryAfter = false;
        try
        {
            using var response = await send();
            status = (int)response.StatusCode;
            retryAfter = response.Headers.RetryAfter is not null;
            var text = await response.Content.ReadAsStringAsync();
            if (text.Length > 0 && text[0] == '{')
            {
                var json = JsonDocument.Parse(text).RootElement.Clone();
                if (status >= 400 && json.TryGetProperty("code", out var c)) code = c.GetString();
                if (status < 300) read?.Invoke(json);
            }
        }
        catch (Exception error)
        {
            // The test server never loses a connection; an exception here is the Api failing to answer.
            status = 0;
            code = error.GetType().Name;
        }
        var answer = new Answer(kind, sentAt, Now, status, code, retryAfter);
        Writes.Enqueue(answer);
        return answer;
    }

    private async Task ReadPlacesAsync()
    {
        var paths = new[] { $"/api/facilities/{gym}", $"/api/canteens/{canteen}" }.Concat(sessions.Select(s => $"/api/sessions/{s}")).ToArray();
        while (!_stopReading.IsCancellationRequested)
        {
            foreach (var path in paths)
            {
                var sentAt = Now;
                int status;
                string? code = null;
                try
                {
                    using var response = await stack.Public.GetAsync(path);
                    status = (int)response.StatusCode;
                    if (status >= 400) code = path;
                }
                catch (Exception error)
                {
                    status = 0;
                    code = $"{path} {error.GetType().Name}";
                }
                Reads.Enqueue(new Answer(path.Split('/')[2], sentAt, Now, status, code, false));
            }
            await Pause(ReaderPace);
        }
    }

    private async Task PollReadinessAsync()
    {
        while (!_stopReading.IsCancellationRequested)
        {
            var at = Now;
            try
            {
                using var response = await stack.Public.GetAsync("/health/ready");
                var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                Readiness.Enqueue((at, (int)response.StatusCode, json.TryGetProperty("store", out var store) ? store.GetString() : null));
            }
            catch (Exception error)
            {
                Readiness.Enqueue((at, 0, error.GetType().Name));
            }
            await Pause(TimeSpan.FromMilliseconds(500));
        }
    }

    private async Task Pause(TimeSpan pace)
    {
        try
        {
            await Task.Delay(pace, _stopReading.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
