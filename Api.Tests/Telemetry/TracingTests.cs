using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Telemetry;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Api.Tests.Telemetry;

/// <summary>
/// What an operator's trace viewer shows: one trace per request, from the Api's HTTP span through the grain calls to the
/// Azure SDK's request that stored the change; a group-commit write linked to every request whose change it carried;
/// and nowhere a member id, phone number, PIN, card number or token.
/// </summary>
[Collection(TracedStackCollection.Name)]
public sealed class TracingTests(TracedStack stack)
{
    [Fact]
    public async Task A_booking_is_one_trace_from_the_http_request_through_the_grain_calls_to_the_table_write()
    {
        var (site, gym) = await SiteWithGym();
        var session = await Session(site, gym);
        var member = await Member(phone: null);

        using var request = TracedStack.Traced(HttpMethod.Post, $"/api/sessions/{session}/bookings", new { memberId = member }, out var trace);
        await ApiFixture.Read(await stack.Admin.SendAsync(request), 201);

        // The write that stored the booking: the Azure SDK's table request beneath the session's group-commit write.
        var spans = await Eventually.Value(
            () => Task.FromResult(TracedStack.Spans.InTrace(trace)),
            found => found.Any(s => IsTableRequest(s) && Ancestors(s, found).Any(a => IsGroupCommitWrite(a, "session/"))),
            "the booking's trace holds the table request of the session's group-commit write");
        var write = spans.First(s => IsTableRequest(s) && Ancestors(s, spans).Any(a => IsGroupCommitWrite(a, "session/")));
        var chain = Ancestors(write, spans).Prepend(write).ToArray();
        var shown = Describe(chain);

        // One unbroken chain of parents: the table request, Orleans' state write, the group-commit write, the session
        // grain serving Book, the Api's call to it, the HTTP request; the root is the span the test's header named.
        var root = chain[^1];
        Assert.True(root.Kind == ActivityKind.Server && root.GetTagItem("http.route") as string == "/api/sessions/{sessionId}/bookings", $"The chain does not start at the HTTP request:\n{shown}");
        Assert.True(chain.Any(s => s.Source.Name == "Microsoft.Orleans.Storage"), $"No state write of Orleans in the chain:\n{shown}");
        Assert.True(chain.Any(s => s.Source.Name == "Microsoft.Orleans.Application" && s.Kind == ActivityKind.Server && s.DisplayName.Contains("ISessionGrain", StringComparison.Ordinal)),
            $"No grain call to the session served in the chain:\n{shown}");
        Assert.True(chain.Any(s => s.Source.Name == "Microsoft.Orleans.Application" && s.Kind == ActivityKind.Client && s.DisplayName.Contains("ISessionGrain", StringComparison.Ordinal)),
            $"No grain call to the session made by the Api in the chain:\n{shown}");
        // The member's hold, asked by the session before the booking commits, is in the same trace.
        Assert.True(spans.Any(s => s.Kind == ActivityKind.Server && s.DisplayName.Contains("IMemberGrain", StringComparison.Ordinal)),
            $"The member's hold is not in the booking's trace:\n{Describe(spans)}");
    }

    [Fact]
    public async Task A_group_commit_write_is_linked_to_every_request_whose_change_it_carried()
    {
        // Many, against Azurite (a write takes milliseconds): the later updates arrive while an earlier write is in flight.
        const int Updates = 40;
        var (site, _) = await SiteWithGym();
        var canteen = Catalog.NewId("canteen");
        await stack.Send(stack.Admin, HttpMethod.Put, $"/api/canteens/{canteen}", Catalog.Canteen(site), 201);

        // A canteen's seat sensors report at once: the changes share writes.
        var traces = new ActivityTraceId[Updates];
        var requests = Enumerable.Range(0, Updates).Select(i =>
        {
            var request = TracedStack.Traced(HttpMethod.Put, $"/api/canteens/{canteen}/tables/{(i % 2 == 0 ? "t01" : "t02")}", new { occupied = i % 5 }, out traces[i]);
            return request;
        }).ToArray();
        var answers = await Task.WhenAll(requests.Select(r => stack.Admin.SendAsync(r)));
        foreach (var answer in answers) await ApiFixture.Read(answer, 200);
        foreach (var request in requests) request.Dispose();

        var requestTraces = traces.ToHashSet();
        var writes = await Eventually.Value(
            () => Task.FromResult(CanteenWrites(canteen)),
            found => requestTraces.All(t => found.Any(w => w.Links.Any(l => l.Context.TraceId == t))),
            "every update's trace is linked from a group-commit write of the canteen");

        var carrying = writes.Where(w => w.Links.Any(l => requestTraces.Contains(l.Context.TraceId))).ToArray();
        foreach (var write in carrying)
        {
            var links = write.Links.ToArray();
            Assert.Equal(links.Length, Convert.ToInt32(write.GetTagItem(OccupancyActivities.CarriedRequests)));
            foreach (var link in links)
            {
                // Each link names the span of the canteen serving one request, in that request's trace.
                var linked = TracedStack.Spans.InTrace(link.Context.TraceId).SingleOrDefault(s => s.SpanId == link.Context.SpanId);
                Assert.True(linked is { Kind: ActivityKind.Server } && linked.DisplayName.Contains("ICanteenGrain", StringComparison.Ordinal),
                    $"A link of a write names {linked?.DisplayName ?? "no exported span"}, not the canteen serving a request");
            }
            // And the write is the parent of the table request that stored it.
            Assert.Contains(TracedStack.Spans.InTrace(write.TraceId), s => IsTableRequest(s) && Ancestors(s, TracedStack.Spans.InTrace(write.TraceId)).Contains(write));
        }
        // Every request was carried by exactly one write, and writes were shared.
        var carried = carrying.SelectMany(w => w.Links.Select(l => l.Context.TraceId.ToHexString())).Order(StringComparer.Ordinal);
        Assert.Equal(traces.Select(t => t.ToHexString()).Order(StringComparer.Ordinal), carried);
        Assert.True(carrying.Length < Updates, $"{carrying.Length} writes for {Updates} updates: no write carried two");
    }

    [Fact]
    public async Task No_member_id_phone_number_pin_card_number_or_token_reaches_a_span_or_a_log_line()
    {
        var (site, gym) = await SiteWithGym();
        var session = await Session(site, gym);
        var phone = $"139{Random.Shared.Next(10_000_000, 99_999_999)}";
        const string pin = "731594";
        var member = await Member(phone);
        var card = (await stack.Send(stack.Admin, HttpMethod.Put, $"/api/members/{member}/pin", new { pin }, 200)).GetProperty("cardNumber").GetString()!;
        var other = await Member(phone: $"138{Random.Shared.Next(10_000_000, 99_999_999)}");

        // The resident signs in with card and PIN and books; the desk books another member and looks one up by phone.
        var signedIn = await stack.Send(stack.Api.CreateClient(), HttpMethod.Post, "/api/auth/resident", new { cardNumber = card, pin }, 200);
        var token = signedIn.GetProperty("accessToken").GetString()!;
        var resident = stack.Api.CreateClient();
        resident.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using var booking = TracedStack.Traced(HttpMethod.Post, $"/api/sessions/{session}/bookings", new { memberId = member }, out var bookingTrace);
        await ApiFixture.Read(await resident.SendAsync(booking), 201);
        using var desk = TracedStack.Traced(HttpMethod.Post, $"/api/sessions/{session}/bookings", new { memberId = other }, out var deskTrace);
        await ApiFixture.Read(await stack.Admin.SendAsync(desk), 201);
        await stack.Send(resident, HttpMethod.Get, $"/api/members/{member}/bookings", null, 200);
        await stack.Send(stack.Admin, HttpMethod.Get, $"/api/members?phone={phone}", null, 200);
        // The hub's address carries the token, as browsers send it.
        await stack.Api.CreateClient().PostAsync($"/hubs/occupancy/negotiate?negotiateVersion=1&access_token={token}", null);

        await Eventually.Until(() => new[] { bookingTrace, deskTrace }.All(t => TracedStack.Spans.InTrace(t).Any(IsTableRequest)),
            "both bookings' traces hold their table requests");

        var secrets = new[] { member, other, phone, phone[3..], pin, card, token[^20..] };
        var leaks = TracedStack.Spans.All()
            .SelectMany(span => Texts(span).Select(text => (span, text)))
            .Where(x => secrets.Any(secret => x.text.Contains(secret, StringComparison.Ordinal)))
            .Select(x => $"{x.span.Source.Name} '{x.span.DisplayName}': {x.text}")
            .Distinct()
            .ToArray();
        Assert.True(leaks.Length == 0, "Secrets in the spans:\n" + string.Join("\n", leaks));

        // The member grain's spans are there, named by their type: the redaction kept them, it did not drop them.
        Assert.Contains(TracedStack.Spans.InTrace(bookingTrace), s => s.GetTagItem("orleans.rpc.target_id") as string == $"member/{TracePrivacy.Hidden}");

        var lines = stack.ApiLogs.Lines.Concat(TracedStack.SiloLogs.Lines).ToArray();
        Assert.NotEmpty(lines);
        var logged = lines.Where(l => secrets.Any(secret => l.Contains(secret, StringComparison.Ordinal))).ToArray();
        Assert.True(logged.Length == 0, "Secrets in the logs:\n" + string.Join("\n", logged));
    }

    [Fact]
    public async Task Table_work_that_no_request_started_starts_no_trace()
    {
        var table = StorageClients.Tables(stack.StoreConnectionString).GetTableClient($"probe{Guid.NewGuid():N}");
        // Outside any request, as the silo's membership and reminder polling runs: no trace.
        await table.CreateIfNotExistsAsync();
        // Inside one (a span of the caller's, sampled): traced, the proof that the store's operations are seen at all.
        var trace = ActivityTraceId.CreateRandom();
        using (new Activity("a request").SetParentId(trace, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start())
        {
            await table.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("p", "r");
        }
        await Eventually.Until(() => TracedStack.Spans.InTrace(trace).Any(IsTableRequest), "the table read made within a request is traced");

        // Exporters see a span as it ends: the operation outside a request ended before the traced one began.
        var untraced = TracedStack.Spans.All().Where(s => s.ParentSpanId == default && (IsTableRequest(s) || s.Kind == ActivityKind.Client)).ToArray();
        Assert.True(untraced.Length == 0, $"Traces started by no request:\n{Describe(untraced)}");
    }

    /// <summary>Everything a span shows an exporter: its name, tags, events, links and status.</summary>
    private static IEnumerable<string> Texts(Activity span)
    {
        yield return span.DisplayName;
        yield return span.OperationName;
        if (span.StatusDescription is { } status) yield return status;
        foreach (var (key, value) in span.TagObjects) yield return $"{key}={value}";
        foreach (var (key, value) in span.Baggage) yield return $"{key}={value}";
        foreach (var e in span.Events)
        {
            yield return e.Name;
            foreach (var (key, value) in e.Tags) yield return $"{key}={value}";
        }
        foreach (var link in span.Links)
        {
            foreach (var (key, value) in link.Tags ?? []) yield return $"{key}={value}";
        }
    }

    private static Activity[] CanteenWrites(string canteen) =>
        TracedStack.Spans.All().Where(s => IsGroupCommitWrite(s, $"canteen/{canteen}")).ToArray();

    private static bool IsGroupCommitWrite(Activity span, string grainIdPrefix) =>
        span.Source.Name == OccupancyActivities.SourceName && span.DisplayName == OccupancyActivities.GroupCommitWrite
        && span.GetTagItem("orleans.grain.id") is string id && id.StartsWith(grainIdPrefix, StringComparison.Ordinal);

    /// <summary>The Azure SDK's span of a table operation (not its nested HTTP request).</summary>
    private static bool IsTableRequest(Activity span) => span.Source.Name.StartsWith("Azure.Data.Tables", StringComparison.Ordinal);

    private static IEnumerable<Activity> Ancestors(Activity span, IReadOnlyCollection<Activity> trace)
    {
        var bySpan = trace.ToDictionary(s => s.SpanId);
        for (var at = span; at.ParentSpanId != default && bySpan.TryGetValue(at.ParentSpanId, out var parent); at = parent) yield return parent;
    }

    private static string Describe(IEnumerable<Activity> spans)
    {
        var text = new StringBuilder();
        foreach (var s in spans) text.AppendLine($"  {s.Source.Name} {s.Kind} '{s.DisplayName}' {s.SpanId} <- {s.ParentSpanId}");
        return text.ToString();
    }

    private async Task<(string Site, string Gym)> SiteWithGym()
    {
        var site = Catalog.NewId("site");
        await stack.Send(stack.Admin, HttpMethod.Put, $"/api/sites/{site}", Catalog.Site(), 201);
        var gym = Catalog.NewId("gym");
        await stack.Send(stack.Admin, HttpMethod.Put, $"/api/facilities/{gym}", Catalog.Gym(site), 201);
        return (site, gym);
    }

    private async Task<string> Session(string site, string gym)
    {
        var session = Catalog.NewId("yoga");
        var starts = DateTimeOffset.UtcNow.AddHours(3);
        await stack.Send(stack.Admin, HttpMethod.Put, $"/api/sessions/{session}", new
        {
            siteId = site, facilityId = gym, title = "瑜伽", titleEn = "Yoga", category = "class", place = "操课室",
            startsAt = starts, endsAt = starts.AddHours(1), capacity = 10, waitlistCapacity = 5,
            bookingOpensAt = DateTimeOffset.UtcNow.AddHours(-1), bookingClosesAt = starts.AddMinutes(-10), cancelFreeUntil = starts.AddHours(-2),
            eligibility = new { ageGroups = new[] { "senior", "adult" }, annualCardRequired = false },
        }, 201);
        return session;
    }

    private async Task<string> Member(string? phone)
    {
        var id = Catalog.NewId("ann");
        await stack.Send(stack.Admin, HttpMethod.Put, $"/api/members/{id}", phone is null
            ? new { name = "安", ageGroup = "adult", resident = true }
            : new { name = "安", phone, ageGroup = "adult", resident = true }, 201);
        return id;
    }
}
