using System.Text.Json;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains.Tests.Support;
using Xunit.Abstractions;

namespace Occupancy.Api.Tests.Outage;

/// <summary>Outage tests run alone: their figures mean something only on a machine not also running the rest.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OutageCollection
{
    public const string Name = "store outages";
}

/// <summary>
/// The store goes away for 30 s under load — cut (connections refused, as when Azurite is down) or frozen
/// (SIGSTOP: connections accepted and never answered) — and comes back. Writes answer 503
/// storage-unavailable with Retry-After, public reads of active places go on, readiness says the store is
/// degraded, writes succeed again without a restart, and every acknowledged write is in the store afterwards
/// and after a full restart (Azurite stopped with SIGINT). Timings are reported, never asserted.
/// </summary>
[Collection(OutageCollection.Name)]
public sealed class StoreOutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LoadBefore = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_store_cut_for_30_s_under_load_loses_no_acknowledged_write_and_recovers_without_a_restart()
    {
        await using var stack = await OutageStack.StartAsync();
        await RunOutageAsync(stack, "cut (connections refused)", stack.Link.Cut, stack.Link.Restore);
    }

    [Fact]
    public async Task A_store_frozen_for_30_s_under_load_loses_no_acknowledged_write_and_recovers_without_a_restart()
    {
        await using var stack = await OutageStack.StartAsync();
        await RunOutageAsync(stack, "frozen (SIGSTOP)", stack.Azurite.Freeze, stack.Azurite.Thaw);
    }

    private async Task RunOutageAsync(OutageStack stack, string how, Action begin, Action end)
    {
        var (gym, canteen, sessions) = await StageAsync(stack);
        var load = new OutageLoad(stack, gym, canteen, sessions);
        load.Start();
        await Eventually.Until(() => load.AckedBookings.Count > 0 && !load.AckedEvents.IsEmpty && !load.AckedTableVersions.IsEmpty,
            "bookings, entries and tables are acknowledged before the outage", Generous);
        await Task.Delay(LoadBefore); // the load runs: this is the time before the outage, not a wait for a condition

        var cutAt = load.Now;
        begin();
        await Eventually.Until(() => load.Writes.Any(w => w.SentAt >= cutAt && w.Status == 503),
            "a write sent during the outage is answered 503", Outage);
        await Eventually.Until(() => load.Readiness.Any(r => r.At >= cutAt && r.Store == "degraded"),
            "readiness says the store is degraded during the outage", Outage);
        var left = Outage - (load.Now - cutAt);
        if (left > TimeSpan.Zero) await Task.Delay(left); // the outage lasts its 30 s while the load goes on
        var restoredAt = load.Now;
        end();

        await Eventually.Until(() => load.Writes.Any(w => w.SentAt >= restoredAt && w.Succeeded && w.Kind == "booking")
                                     && load.Writes.Any(w => w.SentAt >= restoredAt && w.Succeeded && w.Kind == "entry")
                                     && load.Writes.Any(w => w.SentAt >= restoredAt && w.Succeeded && w.Kind == "table"),
            "bookings, entries and tables are acknowledged again once the store is back, without a restart", Generous);
        await Eventually.Until(() => load.Readiness.Any(r => r.At >= restoredAt && r.Store == "healthy"),
            "readiness says the store is healthy again", Generous);
        await load.FinishAsync(Generous);

        Report(load, how, cutAt, restoredAt);
        AssertDuringOutage(load, cutAt, restoredAt);

        var present = await AssertAcknowledgedArePresentAsync(stack, load, gym, canteen, sessions, "after recovery");
        var sigint = await stack.RestartEverythingAsync();
        output.WriteLine($"Full restart: Api and silo stopped, Azurite stopped with SIGINT in {sigint.TotalMilliseconds:F0} ms and started on its data.");
        var again = await AssertAcknowledgedArePresentAsync(stack, load, gym, canteen, sessions, "after a full restart");
        Assert.Equal(present, again);

        // Sessions already active are read too. Known to fail today: GroupCommit (Grains/Shared/GroupCommit.cs)
        // deactivates the session when its read-back after a failed write fails, which it does while the store
        // is away, and the next read cannot load the session until the store is back.
        AssertReadsWentOn(load, cutAt, restoredAt, "sessions");

        // A retry with the same Idempotency-Key after a 503 is never refused by its own booking's hold. Known to
        // fail at times today (issue 8, item 2: the member keeps a stale hold of the same session and answers
        // 409 overlap or limit-reached to the retry), seen here after a cut.
        var refusedRetries = load.RefusedAfterUnknown.Where(r => r.Contains("overlap") || r.Contains("limit-reached")).ToArray();
        Assert.True(refusedRetries.Length == 0, $"{refusedRetries.Length} retries after a 503 were refused by their own hold: {string.Join(", ", refusedRetries)}");
    }

    /// <summary>A site with a gym (no zones), a canteen open all day and four sessions, activated by a first read.</summary>
    private static async Task<(string Gym, string Canteen, IReadOnlyList<string> Sessions)> StageAsync(OutageStack stack)
    {
        var site = Catalog.NewId("site");
        await stack.Send(HttpMethod.Put, $"/api/sites/{site}", Catalog.Site(), 201);
        var gym = Catalog.NewId("gym");
        await stack.Send(HttpMethod.Put, $"/api/facilities/{gym}", new { siteId = site, kind = "gym", name = "百姓健身房", capacity = 5000 }, 201);
        var canteen = Catalog.NewId("canteen");
        await stack.Send(HttpMethod.Put, $"/api/canteens/{canteen}", Catalog.Canteen(site), 201);
        var sessions = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var session = Catalog.NewId($"class{i}");
            var starts = DateTimeOffset.UtcNow.AddDays(1).AddHours(2 * i);
            await stack.Send(HttpMethod.Put, $"/api/sessions/{session}", new
            {
                siteId = site, facilityId = gym, title = "太极", titleEn = "Tai chi", category = "class", place = "操课室",
                startsAt = starts, endsAt = starts.AddHours(1), capacity = 80, waitlistCapacity = 40,
                bookingOpensAt = DateTimeOffset.UtcNow.AddHours(-1), bookingClosesAt = starts.AddMinutes(-10), cancelFreeUntil = starts.AddHours(-2),
                eligibility = new { ageGroups = new[] { "adult" }, annualCardRequired = false },
            }, 201);
            sessions.Add(session);
        }
        return (gym, canteen, sessions);
    }

    private void Report(OutageLoad load, string how, TimeSpan cutAt, TimeSpan restoredAt)
    {
        var writes = load.Writes.ToArray();
        var during = writes.Where(w => w.SentAt >= cutAt && w.SentAt < restoredAt).ToArray();
        var refused = during.Where(w => w.Status == 503).ToArray();
        var firstRefusal = refused.Min(w => w.AnsweredAt) - cutAt;
        var tookMs = refused.Select(w => w.Took.TotalMilliseconds).Order().ToArray();
        var firstSuccess = writes.Where(w => w.SentAt >= restoredAt && w.Succeeded).Min(w => w.AnsweredAt) - restoredAt;
        var healthy = load.Readiness.Where(r => r.At >= restoredAt && r.Store == "healthy").Min(r => r.At) - restoredAt;
        var degraded = load.Readiness.Where(r => r.At >= cutAt && r.Store == "degraded").Min(r => r.At) - cutAt;
        var reads = load.Reads.Where(r => r.SentAt >= cutAt && r.SentAt < restoredAt).ToArray();
        output.WriteLine($"Store {how} for {(restoredAt - cutAt).TotalSeconds:F0} s under load.");
        output.WriteLine($"  writes sent during the outage: {during.Length}; answered 503: {refused.Length} " +
                         $"(codes: {string.Join(", ", refused.GroupBy(w => w.Code).Select(g => $"{g.Key} ×{g.Count()}"))}; " +
                         $"with Retry-After: {refused.Count(w => w.HasRetryAfter)}); other answers: " +
                         $"{string.Join(", ", during.Where(w => w.Status != 503).GroupBy(w => w.Status).Select(g => $"{g.Key} ×{g.Count()}"))}");
        output.WriteLine($"  acknowledged though sent during the outage: " +
                         string.Join(", ", during.Where(w => w.Succeeded).Select(w => $"{w.Kind} {w.Status} sent {(w.SentAt - cutAt).TotalMilliseconds:F0} ms after the cut")));
        output.WriteLine($"  first 503 {firstRefusal.TotalSeconds:F1} s after the outage began; a write's time to its 503: " +
                         $"median {Percentile(tookMs, 0.5) / 1000:F1} s, p95 {Percentile(tookMs, 0.95) / 1000:F1} s, max {tookMs[^1] / 1000:F1} s");
        output.WriteLine($"  readiness said degraded {degraded.TotalSeconds:F1} s after the outage began, healthy {healthy.TotalSeconds:F1} s after the store was back");
        output.WriteLine($"  public reads during the outage: {reads.Length}, " +
                         $"{string.Join(", ", reads.GroupBy(r => r.Status).Select(g => $"{g.Key} ×{g.Count()}"))}; slowest {reads.Max(r => r.Took.TotalMilliseconds):F0} ms");
        output.WriteLine($"  first acknowledged write {firstSuccess.TotalSeconds:F1} s after the store was back; by kind: " +
                         string.Join(", ", writes.Where(w => w.SentAt >= restoredAt && w.Succeeded).GroupBy(w => w.Kind)
                             .Select(g => $"{g.Key} {(g.Min(w => w.AnsweredAt) - restoredAt).TotalSeconds:F1} s")));
        output.WriteLine($"  acknowledged in the whole run: {load.AckedMembers.Count} members, {load.AckedBookings.Count} bookings, " +
                         $"{load.AckedEvents.Count} entries, {load.AckedTableVersions.Count} table changes; all writes answered: {writes.Length}, " +
                         $"503s: {writes.Count(w => w.Status == 503)}, other 5xx or none: {writes.Count(w => w.Status is 0 or (>= 500 and not 503))}");
        output.WriteLine($"  refusals in the whole run: {string.Join(", ", writes.Where(w => w.Status is >= 400 and < 500).GroupBy(w => $"{w.Kind} {w.Status} {w.Code}").Select(g => $"{g.Key} ×{g.Count()}"))}; " +
                         $"of them, retries after a 503 then refused: {string.Join(", ", load.RefusedAfterUnknown.GroupBy(r => r).Select(g => $"{g.Key} ×{g.Count()}"))}");
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];

    private static void AssertDuringOutage(OutageLoad load, TimeSpan cutAt, TimeSpan restoredAt)
    {
        // Every failure is a 503 storage-unavailable with Retry-After: the contract's "outcome unknown, retry".
        var wrong = load.Writes.Where(w => w.Status is 0 or >= 500 && !(w.Status == 503 && w.Code == "storage-unavailable" && w.HasRetryAfter)).ToArray();
        Assert.True(wrong.Length == 0, $"{wrong.Length} writes failed otherwise than 503 storage-unavailable with Retry-After (outage " +
            $"{cutAt.TotalSeconds:F1}–{restoredAt.TotalSeconds:F1} s): {string.Join("; ", wrong.Take(5))}");
        // Facilities and canteens already active are read from memory while the store is away.
        AssertReadsWentOn(load, cutAt, restoredAt, "facilities", "canteens");
        // Readiness keeps answering 200 (the cluster is up): the store's state is in the body.
        Assert.All(load.Readiness, r => Assert.Equal(200, r.Status));
    }

    private static void AssertReadsWentOn(OutageLoad load, TimeSpan cutAt, TimeSpan restoredAt, params string[] kinds)
    {
        var reads = load.Reads.Where(r => r.SentAt >= cutAt && r.SentAt < restoredAt && kinds.Contains(r.Kind)).ToArray();
        Assert.NotEmpty(reads);
        var failedReads = reads.Where(r => r.Status != 200).ToArray();
        Assert.True(failedReads.Length == 0, $"{failedReads.Length} of {reads.Length} public reads of {string.Join(", ", kinds)} during the outage failed: " +
            string.Join("; ", failedReads.GroupBy(r => (r.Status, r.Code)).Select(g => $"{g.Key.Code} {g.Key.Status} ×{g.Count()}")));
    }

    /// <summary>Every acknowledged write is in the store; answers a summary of what is there, to compare after a restart.</summary>
    private async Task<string> AssertAcknowledgedArePresentAsync(
        OutageStack stack, OutageLoad load, string gym, string canteen, IReadOnlyList<string> sessions, string when)
    {
        var stored = new Dictionary<string, JsonElement>();
        foreach (var session in sessions)
        {
            foreach (var booking in (await stack.Send(HttpMethod.Get, $"/api/sessions/{session}/bookings", null, 200)).EnumerateArray())
                stored[booking.GetProperty("bookingId").GetString()!] = booking;
        }
        var missing = load.AckedBookings.Values.Where(b => !stored.TryGetValue(b.BookingId, out var s)
                                                           || s.GetProperty("memberId").GetString() != b.MemberId
                                                           || s.GetProperty("status").GetString() is not ("confirmed" or "waitlisted")).ToArray();
        Assert.True(missing.Length == 0, $"{when}: {missing.Length} acknowledged bookings are not stored, e.g. {string.Join("; ", missing.Take(3))}");
        foreach (var session in sessions)
        {
            var list = stored.Values.Where(b => b.GetProperty("sessionId").GetString() == session).ToArray();
            var members = list.Select(b => b.GetProperty("memberId").GetString()).ToArray();
            Assert.True(members.Length == members.Distinct().Count(), $"{when}: a member is booked twice in {session}");
            Assert.True(list.Count(b => b.GetProperty("status").GetString() == "confirmed") <= 80, $"{when}: {session} is overbooked");
        }

        // The members' side: registered, and each acknowledged booking delivered to its member.
        foreach (var member in load.AckedMembers)
            await stack.Send(HttpMethod.Get, $"/api/members/{member}", null, 200);
        foreach (var booking in load.AckedBookings.Values)
        {
            await Eventually.Until(async () =>
            {
                var list = await stack.Send(HttpMethod.Get, $"/api/members/{booking.MemberId}/bookings", null, 200);
                return list.EnumerateArray().Any(b => b.GetProperty("bookingId").GetString() == booking.BookingId);
            }, $"{when}: {booking.MemberId}'s list shows the acknowledged booking {booking.BookingId}", Generous);
        }

        // Sensor events: every acknowledged one was counted, so sending it again changes nothing.
        var gymBefore = await stack.Send(HttpMethod.Get, $"/api/facilities/{gym}", null, 200);
        var occupied = gymBefore.GetProperty("occupied").GetInt32();
        Assert.InRange(occupied, load.AckedEvents.Count, load.AckedEvents.Count + load.UnknownEvents.Count);
        foreach (var eventId in load.AckedEvents)
            await stack.Send(HttpMethod.Post, $"/api/facilities/{gym}/entries", new { count = 1, eventId }, 200);
        var gymAfter = await stack.Send(HttpMethod.Get, $"/api/facilities/{gym}", null, 200);
        Assert.True((occupied, gymBefore.GetProperty("version").GetInt64()) == (gymAfter.GetProperty("occupied").GetInt32(), gymAfter.GetProperty("version").GetInt64()),
            $"{when}: resending the {load.AckedEvents.Count} acknowledged entries changed the gym from {gymBefore} to {gymAfter}: some were not stored");

        // Table changes: the canteen's stored version is at least every acknowledged one.
        var canteenNow = await stack.Send(HttpMethod.Get, $"/api/canteens/{canteen}", null, 200);
        Assert.True(canteenNow.GetProperty("version").GetInt64() >= load.AckedTableVersions.Max(),
            $"{when}: the canteen is at version {canteenNow.GetProperty("version")}, below the acknowledged {load.AckedTableVersions.Max()}");

        output.WriteLine($"  {when}: {load.AckedBookings.Count} acknowledged bookings of {stored.Count} stored, all present; " +
                         $"{load.AckedMembers.Count} members present; gym counted {occupied} for {load.AckedEvents.Count} acknowledged and " +
                         $"{load.UnknownEvents.Count} unanswered entries, resending the acknowledged ones changed nothing; canteen at version " +
                         $"{canteenNow.GetProperty("version")} ≥ {load.AckedTableVersions.Max()} acknowledged.");
        return $"{string.Join(",", stored.Keys.Order())}|{occupied}|{canteenNow.GetProperty("version")}";
    }
}
