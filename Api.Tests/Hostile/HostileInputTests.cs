using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Occupancy.Api.Access;
using Occupancy.Api.Tests.Reference;
using Occupancy.Api.Tests.Support;
using Occupancy.Grains;
using Occupancy.Grains.Access;
using Xunit.Abstractions;

namespace Occupancy.Api.Tests.Hostile;

/// <summary>
/// A seeded hostile suite over every endpoint the running Api maps and over the hub: no answer is 5xx, every refusal is
/// problem+json with a code, no request the contract refuses succeeds, and the entities it aims at are unchanged.
/// HOSTILE_SEED sets the seed (printed with every failure); HOSTILE_REQUEST=n replays request n of that seed alone.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class HostileInputTests(ApiFixture api, ITestOutputHelper output)
{
    private const int DefaultSeed = 20261202;
    private const int MinimumRequests = 10_000;
    private const int MinimumWithTokenPerEndpoint = 100;
    private const int Concurrency = 16;
    private const int WellTypedPerEndpoint = 40;

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private static int Seed =>
        int.TryParse(Environment.GetEnvironmentVariable("HOSTILE_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : DefaultSeed;

    private static int? OnlyRequest =>
        int.TryParse(Environment.GetEnvironmentVariable("HOSTILE_REQUEST"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) ? index : null;

    /// <summary>Every code a problem may carry: the contract's, and the protocol codes the Api names by status.</summary>
    private static readonly HashSet<string> ContractCodes =
    [
        .. typeof(ProblemCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!),
        .. typeof(Program).Assembly.GetType("Occupancy.Api.Problems.ProblemStatus")!.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!),
    ];

    [GeneratedRegex("^(?<code>[a-z]+(-[a-z]+)*): ", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingCode();

    [Fact]
    public async Task Ten_thousand_malformed_requests_over_every_endpoint_answer_problems_and_change_nothing()
    {
        var seed = Seed;
        output.WriteLine($"hostile HTTP suite: seed {seed} (HOSTILE_SEED overrides; HOSTILE_REQUEST=n replays one request)");
        var run = OnlyRequest is null ? await Run(api) : await RunRequests(api, seed, OnlyRequest, output.WriteLine);
        var report = run.Report;

        output.WriteLine(run.Plan);
        output.WriteLine(run.Rendered);
        if (report.Failures.Count > 0) output.WriteLine($"every failure: {report.WriteFailures($"hostile-http-{seed}")}");
        Assert.True(report.Failures.Count == 0, $"{report.Failures.Count} hostile requests were mishandled (seed {seed}); the first: {report.Failures.FirstOrDefault()}");
        if (OnlyRequest is not null) return;
        Assert.True(report.Sent >= MinimumRequests, $"Only {report.Sent} requests were sent.");
        foreach (var endpoint in run.Endpoints)
        {
            var target = report.Targets[endpoint.Name];
            Assert.True(target.WithToken >= MinimumWithTokenPerEndpoint, $"{endpoint.Name}: only {target.WithToken} requests with a valid token.");
        }
    }

    /// <summary>What one hostile HTTP run did and found, and what each operation answered in it.</summary>
    internal sealed record HostileRun(HostileReport Report, IReadOnlyList<ApiEndpoint> Endpoints, string Plan, string Rendered, ObservedAnswers Observed);

    /// <summary>The fixture's one full run (HOSTILE_SEED's seed), shared with the OpenAPI document's comparison.</summary>
    internal static Task<HostileRun> Run(ApiFixture api) => api.Runs.Once("hostile HTTP", () => RunRequests(api, Seed, null, null));

    private static async Task<HostileRun> RunRequests(ApiFixture api, int seed, int? onlyRequest, Action<string>? log)
    {
        var known = await KnownEntities.Create(api, $"hx{(uint)seed:x}");
        var unknownIds = HostileValues.UnknownIds(seed);
        var endpoints = ApiEndpoint.Discover(api.Api.Services);
        Assert.Contains(endpoints, e => e.Name == "PUT /api/sites/{siteId}");

        // A fifth more than the minimum with a token: requests the test server cannot even build (a NUL in the path)
        // are not sent, and must not take an endpoint below the minimum.
        var withToken = MinimumWithTokenPerEndpoint * 6 / 5;
        var perEndpoint = Math.Max((MinimumRequests + endpoints.Count - 1) / endpoints.Count, 2 * withToken);
        withToken = Math.Max(withToken, perEndpoint / 2);
        var tokens = new HostileTokens(api.Api.Services.GetRequiredService<SigningKey>().Key, api.TokenFor(Actor.Admin("hostile-admin")), seed);
        var generator = new HostileRequestGenerator(seed, known, unknownIds, tokens);
        var requests = Enumerable.Range(0, endpoints.Count * perEndpoint)
            .Where(i => onlyRequest is not { } only || i == only)
            .Select(i => generator.Create(i, endpoints[i / perEndpoint], withValidToken: i % perEndpoint < withToken))
            .ToList();
        // Bodies of the right kinds throughout, aimed at scratch ids: they reach the grains' own validation.
        var wellTyped = endpoints.Where(e => e.BodyType is not null && e.RouteValues.Count > 0).ToList();
        var firstWellTyped = endpoints.Count * perEndpoint;
        requests.AddRange(Enumerable.Range(0, wellTyped.Count * WellTypedPerEndpoint)
            .Select(i => firstWellTyped + i)
            .Where(i => onlyRequest is not { } only || i == only)
            .Select(i => generator.CreateWellTyped(i, wellTyped[(i - firstWellTyped) / WellTypedPerEndpoint])));
        var plan = $"{endpoints.Count} endpoints × {perEndpoint} requests ({withToken} each with an admin token), concurrency {Concurrency}; "
            + $"{wellTyped.Count} endpoints × {WellTypedPerEndpoint} well-typed bodies to scratch ids";

        requests = [.. requests.OrderBy(r => HostileRequestGenerator.RandomFor(seed, -r.Index).Next())];
        var before = await known.Snapshot(api);
        var report = new HostileReport();
        var observed = new ObservedAnswers();
        using var client = new HttpClient(api.Api.Server.CreateHandler()) { BaseAddress = api.Api.Server.BaseAddress, Timeout = RequestTimeout };
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (request, _) =>
            await SendAndCheck(client, request, seed, report, observed, log));
        clock.Stop();

        var after = await known.Snapshot(api);
        foreach (var (what, version) in before)
        {
            if (after[what] != version) report.Fail($"seed {seed}: {what} changed during the run: before {HostileRequest.Shorten(version, 300)}, after {HostileRequest.Shorten(after[what], 300)}");
        }
        foreach (var created in await KnownEntities.UnknownStillUnknown(api, unknownIds)) report.Fail($"seed {seed}: an id nobody created exists: {created}");
        var ready = await api.Http.GetAsync("/health/ready");
        if (!ready.IsSuccessStatusCode) report.Fail($"seed {seed}: /health/ready answered {(int)ready.StatusCode} after the run");

        return new HostileRun(report, endpoints, plan, report.Render("hostile HTTP requests", seed, clock.Elapsed), observed);
    }

    // What the suite found, pinned down one by one.

    [Fact]
    public async Task A_refused_token_is_401_on_a_public_route_too()
    {
        var tokens = new HostileTokens(api.Api.Services.GetRequiredService<SigningKey>().Key, api.TokenFor(Actor.Admin("hostile-admin")), Seed);
        using var client = api.Api.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", tokens.Expired.Header);

        var response = await client.GetAsync("/api/sites");

        var problem = await ApiFixture.Read(response, 401);
        Assert.Equal("unauthenticated", problem.GetProperty("code").GetString());
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task An_OpenAPI_document_that_does_not_exist_is_a_404_problem()
    {
        var byPath = await api.Http.GetAsync("/openapi/v2.json");
        var byQuery = await api.Http.GetAsync("/openapi/v1.json?documentName=v2");

        Assert.Equal("not-found", (await ApiFixture.Read(byPath, 404)).GetProperty("code").GetString());
        Assert.Equal("application/problem+json", byPath.Content.Headers.ContentType?.MediaType);
        Assert.True((await ApiFixture.Read(byQuery, 200)).GetProperty("paths").ValueKind == JsonValueKind.Object);
    }

    [Fact]
    public async Task A_hub_message_of_an_unknown_type_leaves_the_connection_answering()
    {
        var (_, gym, _, _) = await Catalog.CreateSite(api);

        var (outcome, failure) = await SendRaw(new RawHubFrame(0, Encoding.UTF8.GetBytes("{\"type\":99}\u001e"), false, false, "an unknown type"), gym, admin: false);

        Assert.Null(failure);
        Assert.Equal("survived", outcome);
    }

    private const int HubInvocations = 2_000;
    private const int RawHubFrames = 300;
    private const int HubConnections = 8;

    [Fact]
    public async Task Hostile_hub_invocations_fail_with_a_problem_code_and_the_hub_stays_healthy()
    {
        var seed = Seed;
        output.WriteLine($"hostile hub suite: seed {seed} (HOSTILE_SEED overrides)");
        var known = await KnownEntities.Create(api, $"hh{(uint)seed:x}");
        var invocations = new HostileHubInvocations(seed, known, HostileValues.UnknownIds(seed));
        var report = new HostileReport();
        var clock = Stopwatch.StartNew();

        // Several connections at once, anonymous and admin, each invoking its share in turn.
        await Parallel.ForEachAsync(Enumerable.Range(0, HubConnections), new ParallelOptions { MaxDegreeOfParallelism = HubConnections }, async (worker, _) =>
        {
            var actor = worker % 2 == 0 ? null : Actor.Admin($"hostile-hub-{worker}");
            var connection = await Connect(actor);
            for (var index = worker; index < HubInvocations; index += HubConnections)
            {
                var invocation = invocations.Create(index);
                var (outcome, failure, closed) = await Invoke(connection, invocation);
                report.Record(invocation.Label == HostileHubInvocations.NoSuchMethod ? $"hub: {invocation.Label}" : $"hub {invocation.Method}: {invocation.Label}",
                    actor is not null, outcome);
                if (failure is not null) report.Fail($"{invocation.Describe(seed)} → {failure}");
                if (closed)
                {
                    await connection.Connection.DisposeAsync();
                    connection = await Connect(actor);
                }
            }
            await connection.Connection.DisposeAsync();
        });

        // Below the client: frames it would never write, each on a connection of its own.
        await Parallel.ForEachAsync(Enumerable.Range(0, RawHubFrames), new ParallelOptions { MaxDegreeOfParallelism = HubConnections }, async (index, _) =>
        {
            var frame = invocations.CreateRaw(index);
            var (outcome, failure) = await SendRaw(frame, known.Gym, admin: index % 2 == 1);
            report.Record($"raw frame: {frame.Label}", index % 2 == 1, outcome);
            if (failure is not null) report.Fail($"{frame.Describe(seed)} → {failure}");
        });

        // Tokens the hub must refuse at connect.
        var tokens = new HostileTokens(api.Api.Services.GetRequiredService<SigningKey>().Key, api.TokenFor(Actor.Admin("hostile-hub")), seed);
        for (var index = 0; index < 40; index++)
        {
            var credential = tokens.Draw(HostileRequestGenerator.RandomFor(seed, 1_000_000 + index), CredentialKind.Refused);
            var token = credential.Header!["Bearer ".Length..];
            var refused = await RefusedAtConnect(token);
            report.Record("connect with a refused token", false, refused is null ? "refused" : "accepted");
            if (refused is not null) report.Fail($"seed {seed} hub connect #{index} with a {credential.Label} token → {refused}");
        }
        clock.Stop();

        // The server stays healthy: a fresh connection watches a facility.
        await using var fresh = api.Hub();
        await fresh.StartAsync();
        var snapshot = await fresh.InvokeAsync<JsonElement>("Watch", $"facility:{known.Gym}");
        Assert.Equal(known.Gym, snapshot.GetProperty("id").GetString());

        output.WriteLine(report.Render("hostile hub invocations", seed, clock.Elapsed));
        if (report.Failures.Count > 0) output.WriteLine($"every failure: {report.WriteFailures($"hostile-hub-{seed}")}");
        Assert.True(report.Failures.Count == 0, $"{report.Failures.Count} hostile hub messages were mishandled (seed {seed}); the first: {report.Failures.FirstOrDefault()}");
    }

    private sealed record HubClient(HubConnection Connection, TaskCompletionSource Closed);

    private async Task<HubClient> Connect(Actor? actor)
    {
        var connection = api.Hub(actor: actor);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await connection.StartAsync();
        return new HubClient(connection, closed);
    }

    /// <summary>Answers the outcome to count, a failure (null when the server behaved), and whether the connection is gone.</summary>
    private static async Task<(string Outcome, string? Failure, bool Closed)> Invoke(HubClient client, HubInvocation invocation)
    {
        using var limit = new CancellationTokenSource(RequestTimeout);
        try
        {
            await client.Connection.InvokeCoreAsync(invocation.Method, typeof(JsonElement), invocation.Arguments, limit.Token);
            return invocation.Poisoned ? ("ok", "it succeeded although the server must refuse it", false) : ("ok", null, false);
        }
        catch (HubException error) when (!error.Message.StartsWith("The server closed the connection", StringComparison.Ordinal))
        {
            var code = LeadingCode().Match(error.Message);
            if (!code.Success) return ("error without a code", $"the error does not start with a problem code: {HostileRequest.Shorten(error.Message, 300)}", false);
            if (!ContractCodes.Contains(code.Groups["code"].Value)) return (code.Groups["code"].Value, $"the error's code is not the contract's: {error.Message}", false);
            return (code.Groups["code"].Value, null, false);
        }
        catch (Exception error) when (limit.IsCancellationRequested)
        {
            return ("timeout", $"no answer within {RequestTimeout.TotalSeconds:F0} s ({error.GetType().Name})", true);
        }
        catch (Exception error)
        {
            // Not an answer: the connection was closed under the invocation (or the client refused to send it).
            var closed = await Task.WhenAny(client.Closed.Task, Task.Delay(RequestTimeout)) == client.Closed.Task;
            if (closed && invocation.MayClose) return ("closed (message too large)", null, true);
            return (closed ? "closed" : "client error", $"{(closed ? "the connection was closed" : "the invocation failed")}: {error.GetType().Name}: {HostileRequest.Shorten(error.Message, 300)}", closed);
        }
    }

    /// <summary>
    /// Writes one raw frame after the handshake, then a well-formed Watch: either the connection answers that Watch
    /// (every error it sent before starting with a problem code) or the server closed it.
    /// </summary>
    private async Task<(string Outcome, string? Failure)> SendRaw(RawHubFrame frame, string facility, bool admin)
    {
        using var limit = new CancellationTokenSource(RequestTimeout);
        var address = new UriBuilder(api.Api.Server.BaseAddress) { Scheme = "ws", Path = "/hubs/occupancy" };
        if (admin) address.Query = "access_token=" + api.TokenFor(Actor.Admin("hostile-raw"));
        using var socket = await api.Api.Server.CreateWebSocketClient().ConnectAsync(address.Uri, limit.Token);
        var reader = new FrameReader(socket);
        try
        {
            if (frame.AsHandshake)
            {
                await socket.SendAsync(frame.Bytes, WebSocketMessageType.Text, true, limit.Token);
                var reply = await reader.Next(limit.Token);
                if (reply is null) return ("closed at handshake", null);
                return HostileJson.TryParse(reply, out var handshake) && handshake.TryGetProperty("error", out _)
                    ? ("handshake refused", null)
                    : ("handshake accepted", $"a bad handshake was accepted: {reply}");
            }

            await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e"), WebSocketMessageType.Text, true, limit.Token);
            var accepted = await reader.Next(limit.Token);
            if (accepted != "{}") return ("handshake failed", $"the handshake was answered {accepted}");
            await socket.SendAsync(frame.Bytes, frame.Binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, true, limit.Token);

            // Then well-formed Watches until one is answered or the connection closes. More than one: an unterminated
            // frame swallows the first, and after a message of an unknown type the server parses nothing more until
            // new bytes arrive (SignalR ignores unknown types that way), so each probe also nudges the parser.
            var probes = 0;
            var next = reader.Next(limit.Token);
            while (true)
            {
                if (socket.State == WebSocketState.Open)
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes($"{{\"type\":1,\"invocationId\":\"probe{probes++}\",\"target\":\"Watch\",\"arguments\":[\"facility:{facility}\"]}}\u001e"),
                        WebSocketMessageType.Text, true, limit.Token);
                }
                if (await Task.WhenAny(next, Task.Delay(TimeSpan.FromMilliseconds(500), limit.Token)) != next) continue;
                if (await next is not { } message) return ("closed", null);
                next = reader.Next(limit.Token);
                if (!HostileJson.TryParse(message, out var json) || !json.TryGetProperty("type", out var type)) return ("unreadable", $"the server wrote {HostileRequest.Shorten(message, 200)}");
                var id = json.TryGetProperty("invocationId", out var invocationId) ? invocationId.GetString() ?? "" : "";
                switch (type.GetInt32())
                {
                    case 3 when json.TryGetProperty("error", out var error):
                        var text = error.GetString() ?? "";
                        var code = LeadingCode().Match(text);
                        if (!code.Success || !ContractCodes.Contains(code.Groups["code"].Value)) return ("error without a code", $"an error without a contract code: {HostileRequest.Shorten(text, 300)}");
                        if (id.StartsWith("probe", StringComparison.Ordinal)) return ("probe failed", $"a well-formed Watch after it failed: {text}");
                        break;
                    case 3 when id.StartsWith("probe", StringComparison.Ordinal):
                        return ("survived", null);
                    case 7:
                        return ("closed", null);
                }
            }
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            return ("timeout", $"neither an answer nor a close within {RequestTimeout.TotalSeconds:F0} s");
        }
        catch (Exception error) when (error is WebSocketException or IOException)
        {
            return ("closed", null);
        }
    }

    /// <summary>Null when the hub refuses the token at connect; otherwise what happened instead.</summary>
    private async Task<string?> RefusedAtConnect(string token)
    {
        var address = new UriBuilder(api.Api.Server.BaseAddress) { Scheme = "ws", Path = "/hubs/occupancy", Query = "access_token=" + Uri.EscapeDataString(token) };
        try
        {
            using var socket = await api.Api.Server.CreateWebSocketClient().ConnectAsync(address.Uri, CancellationToken.None);
            return "the WebSocket was accepted";
        }
        catch (InvalidOperationException error) when (error.Message.Contains("401", StringComparison.Ordinal))
        {
            return null;
        }
        catch (Exception error)
        {
            return $"{error.GetType().Name}: {error.Message}";
        }
    }

    /// <summary>Reads the hub's messages (separated by 0x1E) off a WebSocket; null once it is closed.</summary>
    private sealed class FrameReader(WebSocket socket)
    {
        private readonly Queue<string> _pending = new();
        private readonly StringBuilder _partial = new();

        public async Task<string?> Next(CancellationToken cancellationToken)
        {
            var buffer = new byte[16 * 1024];
            while (_pending.Count == 0)
            {
                if (socket.State is not (WebSocketState.Open or WebSocketState.CloseSent)) return null;
                var received = await socket.ReceiveAsync(buffer, cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close) return null;
                _partial.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
                var text = _partial.ToString();
                var end = text.LastIndexOf('\u001e');
                if (end < 0) continue;
                foreach (var message in text[..end].Split('\u001e')) _pending.Enqueue(message);
                _partial.Clear().Append(text[(end + 1)..]);
            }
            return _pending.Dequeue();
        }
    }

    private static async Task SendAndCheck(HttpClient client, HostileRequest request, int seed, HostileReport report, ObservedAnswers observed, Action<string>? log)
    {
        HttpRequestMessage message;
        try
        {
            message = Message(request);
        }
        catch (Exception error) when (error is UriFormatException or FormatException or InvalidOperationException)
        {
            report.Fail($"{request.Describe(seed)} could not be sent by the client: {error.Message}");
            return;
        }

        using (message)
        {
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
            }
            catch (InvalidOperationException error) when (error.Message.Contains("null characters", StringComparison.Ordinal))
            {
                // A NUL in the path never reaches the application: Kestrel answers 400 itself, TestServer refuses to build it.
                // Not counted as sent: it never reached the Api.
                report.Count("NUL in the path: refused by the host, not sent");
                return;
            }
            catch (Exception error)
            {
                report.Record(Target(request), request.WithValidToken, "threw");
                report.Fail($"{request.Describe(seed)} → the server failed the exchange: {error.GetType().Name}: {HostileRequest.Shorten(error.Message, 300)}");
                return;
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                // A success's body is not inspected (some are megabytes of script); a refusal's is.
                var text = status is >= 200 and < 300 && log is null ? "" : await response.Content.ReadAsStringAsync();
                observed.Record(response, text);
                var problem = Problem(response, text);
                report.Record(Target(request), request.WithValidToken, problem is { Code: { } code } ? $"{status}:{code}" : status.ToString(CultureInfo.InvariantCulture));
                report.Count($"credential {request.Credential.Kind}");
                if (request.Poisons.Count > 0) report.Count("poisoned");
                if (status is >= 200 and < 300)
                    report.Count(!request.Endpoint.Writes || !request.OwnMethod ? "2xx to a read" : request.Poisons.Count == 0 ? "2xx to an unpoisoned write" : "2xx to a poisoned write");
                if (status == 429) report.Count("429 rate-limited");

                string? failure = null;
                if (status >= 500) failure = "a 5xx";
                else if ((status >= 400 || status is >= 300 and not 304) && request.Method != "HEAD" && problem is null)
                    failure = $"a {status} that is not problem+json with a code (Content-Type {response.Content.Headers.ContentType})";
                else if (problem is { Code: { } unknownCode } && !ContractCodes.Contains(unknownCode)) failure = $"a problem code outside the contract: '{unknownCode}'";
                else if (status is >= 200 and < 300 && HoldingPoisons(request) is { Count: > 0 } poisons)
                    failure = $"a {status} although the request carries {string.Join(", ", poisons)}";
                if (failure is not null) report.Fail($"{request.Describe(seed)} → {failure}: {HostileRequest.Visible(HostileRequest.Shorten(text, 300))}");
                if (status is >= 200 and < 300 && Target(request) != request.Endpoint.Name) await ReadBack(client, request, seed, report);
                log?.Invoke($"{request.Describe(seed)} → {status} {response.Content.Headers.ContentType}: {text}");
            }
        }
    }

    /// <summary>What a well-typed odd body created must read back without failing (a value stored but not writable as JSON would).</summary>
    private static async Task ReadBack(HttpClient client, HostileRequest request, int seed, HostileReport report)
    {
        using var read = new HttpRequestMessage(HttpMethod.Get, request.PathAndQuery);
        read.Headers.TryAddWithoutValidation("Authorization", request.Credential.Header);
        using var response = await client.SendAsync(read);
        var status = (int)response.StatusCode;
        report.Count($"well-typed accepted, read back {status}");
        var text = await response.Content.ReadAsStringAsync();
        if (status >= 500 || status is >= 400 and not 405 && Problem(response, text) is null)
            report.Fail($"{request.Describe(seed)} → accepted, then GET {request.PathAndQuery} answered {status}: {HostileRequest.Visible(HostileRequest.Shorten(text, 300))}");
    }

    private static string Target(HostileRequest request) =>
        request.Body is { Label: var label } && label == "well-typed, odd values" ? $"{request.Endpoint.Name} (well-typed, scratch ids)" : request.Endpoint.Name;

    /// <summary>
    /// The poisons that hold whatever the method: a request sent with another endpoint's method may reach an endpoint
    /// that reads no body or key, but a refused token or an id no rule accepts is refused everywhere.
    /// </summary>
    private static List<string> HoldingPoisons(HostileRequest request) =>
        request.OwnMethod
            ? [.. request.Poisons]
            : [.. request.Poisons.Where(p => p.StartsWith("refused token", StringComparison.Ordinal) || p.StartsWith("route value", StringComparison.Ordinal))];

    private sealed record ProblemBody(string? Code);

    private static ProblemBody? Problem(HttpResponseMessage response, string text)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return null;
        if (!HostileJson.TryParse(text, out var json) || json.ValueKind != JsonValueKind.Object) return null;
        return json.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String && code.GetString() is { Length: > 0 } value
            ? new ProblemBody(value)
            : null;
    }

    private static HttpRequestMessage Message(HostileRequest request)
    {
        // The address as an HTTP client canonicalizes it (TestServer cannot take an uncanonicalized one).
        var uri = new Uri("http://localhost" + request.PathAndQuery);
        var message = new HttpRequestMessage(new HttpMethod(request.Method), uri);
        if (request.Credential.Header is { } authorization) message.Headers.TryAddWithoutValidation("Authorization", authorization);
        if (request.Body is { } body)
        {
            HttpContent content = body.Chunked ? new StreamContent(new UnknownLengthStream(body.Bytes)) : new ByteArrayContent(body.Bytes);
            if (body.ContentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", body.ContentType);
            message.Content = content;
        }
        foreach (var (name, value) in request.Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, value)) message.Content?.Headers.TryAddWithoutValidation(name, value);
        }
        return message;
    }

    /// <summary>A body whose length the client cannot know in advance, so it is sent without Content-Length.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;
    }
}
