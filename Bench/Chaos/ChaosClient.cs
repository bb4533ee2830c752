using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Occupancy.Bench.Chaos;

/// <summary>
/// Sends one attempt of a booking or cancellation as a resident, to one of the Api nodes, and records it. A 5xx, a
/// timeout or a broken connection is a failed attempt (outcome unknown); 429 and 409 <c>request-in-progress</c> are
/// "not yet"; anything else is the definite answer.
/// </summary>
internal sealed class ChaosClient(IReadOnlyList<HttpClient> nodes, BenchTokens tokens, Stopwatch clock, TimeSpan requestTimeout, TimeSpan probeTimeout)
{
    private readonly ConcurrentDictionary<string, string> _residentTokens = new();

    public ConcurrentQueue<RequestSample> Samples { get; } = new();

    /// <summary>True when the answer is definite (the op then holds it).</summary>
    public async Task<bool> AttemptAsync(BookingOp op, int node, bool probe)
    {
        op.Attempts++;
        var sent = clock.Elapsed;
        op.FirstSent ??= sent;
        using var request = op.IsBook
            ? new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{op.SessionId}/bookings") { Content = JsonContent.Create(new { memberId = op.MemberId }) }
            : new HttpRequestMessage(HttpMethod.Delete, $"/api/sessions/{op.SessionId}/bookings/{op.BookingId}");
        request.Headers.Add("Idempotency-Key", op.Key);
        request.Headers.Authorization = new("Bearer", _residentTokens.GetOrAdd(op.MemberId, tokens.Resident));
        int status;
        JsonElement body;
        try
        {
            using var timeout = new CancellationTokenSource(probe ? probeTimeout : requestTimeout);
            using var response = await nodes[node % nodes.Count].SendAsync(request, timeout.Token);
            status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            body = text.Length > 0 && text[0] == '{' ? JsonDocument.Parse(text).RootElement.Clone() : default;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException or IOException)
        {
            Samples.Enqueue(new RequestSample(op.SessionId, sent, clock.Elapsed, Failed: true, probe));
            return false;
        }

        var failed = status >= 500;
        var code = Text(body, "code");
        Samples.Enqueue(new RequestSample(op.SessionId, sent, clock.Elapsed, failed, probe, status, code));
        if (failed || status == 429 || (status == 409 && code == "request-in-progress")) return false;

        op.Status = status;
        if (status is >= 200 and < 300)
        {
            op.AcknowledgedAt = clock.Elapsed;
            op.Code = Text(body, "status");
            op.BookingId ??= Text(body, "bookingId");
            op.WaitlistPosition = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("waitlistPosition", out var p) && p.ValueKind == JsonValueKind.Number
                ? p.GetInt32()
                : null;
        }
        else
        {
            op.Code = code ?? status.ToString();
        }

        return true;
    }

    private static string? Text(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
