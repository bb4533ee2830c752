using System.Net;
using System.Text.Json;

namespace Occupancy.Bench.Chaos;

/// <summary>One booking as a read shows it (the session's list or the member's).</summary>
internal sealed record StoredBooking(string BookingId, string SessionId, string MemberId, string Status, int? WaitlistPosition)
{
    public bool IsActive => Status is "confirmed" or "waitlisted" or "checkedIn" or "noShow";

    public bool HasSeat => Status is "confirmed" or "checkedIn";
}

/// <summary>A session as its snapshot and its booking list (staff's view) show it.</summary>
internal sealed record StoredSession(string SessionId, int Capacity, int Booked, int WaitlistCapacity, int Waitlisted, IReadOnlyList<StoredBooking> Bookings);

/// <summary>
/// Everything the checks look at, read through the system after the full restart: every grain is activated afresh
/// and loads its state from the table store, so these reads are what storage holds.
/// </summary>
internal sealed class StoredBookings
{
    public required IReadOnlyDictionary<string, StoredSession> Sessions { get; init; }

    /// <summary>Member → their bookings as the member grain lists them.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<StoredBooking>> Members { get; init; }

    public static async Task<StoredBookings> ReadAsync(HttpClient api, string adminToken, IEnumerable<string> sessions, IEnumerable<string> members)
    {
        var sessionReads = new Dictionary<string, StoredSession>();
        var memberReads = new Dictionary<string, IReadOnlyList<StoredBooking>>();
        using var gate = new SemaphoreSlim(16);
        await Task.WhenAll(sessions.Select(async id =>
        {
            await gate.WaitAsync();
            try
            {
                var snapshot = await GetAsync(api, adminToken, $"/api/sessions/{id}");
                var list = await GetAsync(api, adminToken, $"/api/sessions/{id}/bookings");
                var session = new StoredSession(id, snapshot.GetProperty("capacity").GetInt32(), snapshot.GetProperty("booked").GetInt32(),
                    snapshot.GetProperty("waitlistCapacity").GetInt32(), snapshot.GetProperty("waitlisted").GetInt32(),
                    list.EnumerateArray().Select(b => Booking(b, id, b.GetProperty("memberId").GetString()!)).ToArray());
                lock (sessionReads) sessionReads[id] = session;
            }
            finally
            {
                gate.Release();
            }
        }).Concat(members.Select(async id =>
        {
            await gate.WaitAsync();
            try
            {
                var list = await GetAsync(api, adminToken, $"/api/members/{id}/bookings");
                var bookings = list.EnumerateArray().Select(b => Booking(b, b.GetProperty("sessionId").GetString()!, id)).ToArray();
                lock (memberReads) memberReads[id] = bookings;
            }
            finally
            {
                gate.Release();
            }
        })));
        return new StoredBookings { Sessions = sessionReads, Members = memberReads };
    }

    private static StoredBooking Booking(JsonElement b, string sessionId, string memberId) =>
        new(b.GetProperty("bookingId").GetString()!, sessionId, memberId, b.GetProperty("status").GetString()!,
            b.TryGetProperty("waitlistPosition", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : null);

    /// <summary>A read, retried through 5xx and broken connections for up to a minute (the cluster may still be settling).</summary>
    private static async Task<JsonElement> GetAsync(HttpClient api, string adminToken, string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new("Bearer", adminToken);
            string failure;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                using var response = await api.SendAsync(request, timeout.Token);
                var text = await response.Content.ReadAsStringAsync(timeout.Token);
                if (response.StatusCode == HttpStatusCode.OK) return JsonDocument.Parse(text).RootElement.Clone();
                failure = $"{(int)response.StatusCode} {text}";
                if ((int)response.StatusCode < 500) throw new InvalidOperationException($"GET {path}: {failure}");
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                failure = e.Message;
            }

            if (DateTime.UtcNow > deadline) throw new InvalidOperationException($"GET {path} kept failing: {failure}");
            await Task.Delay(1000);
        }
    }
}
