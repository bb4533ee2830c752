using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Occupancy.Api.Tests.Reference;
using Occupancy.Api.Tests.Support;
using Xunit.Abstractions;

namespace Occupancy.Api.Tests.Access;

/// <summary>
/// Every route and hub method × every kind of caller, against <see cref="AccessMatrix"/>: allowed callers get 2xx,
/// others 403 <c>forbidden</c>, no token 401 (unless public), an expired, foreign or malformed token 401 with
/// <c>WWW-Authenticate</c> everywhere. Each cell runs in a fresh world; no 4xx body carries member data.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AccessMatrixTests(ApiFixture api, ITestOutputHelper output)
{
    private static readonly Caller[] Callers = Enum.GetValues<Caller>();

    [Fact]
    public void Every_route_the_Api_maps_has_a_row_and_every_row_a_route()
    {
        var mapped = api.Api.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            // The management port's endpoints (/metrics) are no public route: 404 on the public port (MetricsScrapeTests).
            .Where(e => e.Metadata.GetMetadata<Occupancy.Grains.Management.ManagementOnly>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => $"{m} {Normalize(e.RoutePattern.RawText)}"))
            .Where(r => !r.Contains("/hubs/", StringComparison.Ordinal))
            .ToHashSet();
        var rows = AccessMatrix.Rows.Select(r => $"{r.Method} {Normalize(r.Route)}").ToHashSet();

        Assert.True(rows.Count == AccessMatrix.Rows.Count, "Two rows name the same route.");
        Assert.Empty(mapped.Except(rows).Order());
        Assert.Empty(rows.Except(mapped).Order());

        var hubMethods = typeof(Occupancy.Api.Live.OccupancyHub).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.Name is not ("OnConnectedAsync" or "OnDisconnectedAsync"))
            .Select(m => m.Name)
            .ToHashSet();
        Assert.Equal(AccessMatrix.HubMethods.Order(), hubMethods.Order());
    }

    [Fact]
    public async Task Every_route_answers_each_caller_as_the_matrix_says()
    {
        var run = await Run(api);

        output.WriteLine($"{run.Cells} cells over {AccessMatrix.Rows.Count} routes and {Callers.Length} callers.");
        Assert.True(run.Failures.Count == 0, $"{run.Failures.Count} of {run.Cells} cells differ from the matrix:\n" + string.Join("\n", run.Failures.Order()));
    }

    /// <summary>What one run of every cell found, and what each operation answered in it.</summary>
    internal sealed record MatrixRun(IReadOnlyList<string> Failures, int Cells, ObservedAnswers Observed);

    /// <summary>The fixture's one run of the matrix, shared with the OpenAPI document's comparison.</summary>
    internal static Task<MatrixRun> Run(ApiFixture api) => api.Runs.Once("access matrix", () => RunEveryCell(api));

    private static async Task<MatrixRun> RunEveryCell(ApiFixture api)
    {
        var observed = new ObservedAnswers();
        var cells = AccessMatrix.Rows.SelectMany(row => Callers.Select(caller => (row, caller, missing: false)))
            .Concat(AccessMatrix.Rows.Where(r => r.OnMissing is not null)
                .SelectMany(row => new[] { Caller.StaffOut, Caller.OtherResident, Caller.Admin }.Select(caller => (row, caller, missing: true))))
            .ToArray();
        var failures = new ConcurrentBag<string>();
        using var gate = new SemaphoreSlim(8);

        await Task.WhenAll(cells.Select(async cell =>
        {
            await gate.WaitAsync();
            try
            {
                if (await Check(api, observed, cell.row, cell.caller, cell.missing) is { } failure) failures.Add(failure);
            }
            finally
            {
                gate.Release();
            }
        }));

        return new MatrixRun([.. failures], cells.Length, observed);
    }

    [Fact]
    public async Task Every_hub_topic_admits_exactly_the_callers_the_matrix_names()
    {
        var failures = new List<string>();
        foreach (var caller in Callers)
        {
            var world = await AccessWorld.Create(api);
            var token = world.AccessToken(caller);
            var hub = api.HubWithToken(token);
            try
            {
                await hub.StartAsync();
            }
            catch (Exception) when (caller is Caller.Expired or Caller.ForeignKey or Caller.Malformed)
            {
                continue; // refused at the upgrade, as it should be; REST shows the 401 itself
            }
            await using var _ = hub;
            if (caller is Caller.Expired or Caller.ForeignKey or Caller.Malformed)
            {
                failures.Add($"{caller}: the hub accepted a bad token");
                continue;
            }
            foreach (var (name, topic, allowed) in AccessMatrix.Topics)
            {
                var expected = allowed.Contains(caller);
                foreach (var (method, call) in HubCalls(topic(world)))
                {
                    var problem = await Invoke(() => call(hub));
                    if (expected && problem is not null) failures.Add($"{caller} {method}({name}): refused with '{problem}'");
                    if (!expected && problem?.StartsWith("forbidden:", StringComparison.Ordinal) != true)
                        failures.Add($"{caller} {method}({name}): expected 'forbidden: …', got '{problem ?? "admitted"}'");
                    if (problem is not null && (problem.Contains(AccessWorld.OwnName, StringComparison.Ordinal) || problem.Contains(AccessWorld.OwnPhone, StringComparison.Ordinal)))
                        failures.Add($"{caller} {method}({name}): the refusal carries member data: {problem}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static IEnumerable<(string Method, Func<HubConnection, Task> Call)> HubCalls(string topic) =>
    [
        ("Watch", hub => hub.InvokeAsync<JsonElement>("Watch", topic)),
        ("WatchMany", hub => hub.InvokeAsync<JsonElement>("WatchMany", new[] { topic })),
    ];

    private static async Task<string?> Invoke(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (HubException e)
        {
            return e.Message.Replace("An unexpected error occurred invoking '", "").Trim();
        }
    }

    private static async Task<string?> Check(ApiFixture api, ObservedAnswers observed, AccessRow row, Caller caller, bool missing)
    {
        var world = await AccessWorld.Create(api);
        var (path, body) = missing ? row.OnMissing!(world) : row.Request(world);
        using var request = new HttpRequestMessage(new HttpMethod(row.Method), path);
        request.Headers.Authorization = world.Authorization(caller);
        if (body is not null) request.Content = JsonContent.Create(body, options: ApiFixture.Json);
        using var response = await api.Anonymous.SendAsync(request);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        observed.Record(response, text);
        var expected = Expected(row, caller, missing);
        var cell = $"{row} as {caller}{(missing ? " (missing entity)" : "")}";

        if (status >= 400)
        {
            if (text.Contains(AccessWorld.OwnName, StringComparison.Ordinal) || text.Contains(AccessWorld.OwnPhone, StringComparison.Ordinal))
                return $"{cell}: {status} carries member data: {text}";
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                return $"{cell}: {status} is not problem+json";
        }
        if (status == 401 && !response.Headers.WwwAuthenticate.Any()) return $"{cell}: 401 without WWW-Authenticate";
        var ok = expected switch
        {
            Expect.Success => status is >= 200 and < 300,
            Expect.Forbidden => status == 403 && Code(text) == "forbidden",
            Expect.Unauthenticated => status == 401 && Code(text) == "unauthenticated",
            Expect.NotFound => status == 404,
            Expect.Fixed => status == row.Status,
            _ => false,
        };
        return ok ? null : $"{cell}: expected {expected}{(expected == Expect.Fixed ? $" {row.Status}" : "")}, got {status} {Truncate(text)}";
    }

    private static Expect Expected(AccessRow row, Caller caller, bool missing)
    {
        if (caller is Caller.Expired or Caller.ForeignKey or Caller.Malformed) return Expect.Unauthenticated;
        if (row.Status is not null) return Expect.Fixed;
        if (caller == Caller.Anonymous) return row.Public ? Expect.Success : Expect.Unauthenticated;
        if (missing) return row.MissingAnswer?.Invoke(caller) ?? (caller == Caller.Admin ? Expect.NotFound : Expect.Forbidden);
        if (row.Answer is not null) return row.Answer(caller);
        if (!row.Allowed.Contains(caller)) return Expect.Forbidden;
        return Expect.Success;
    }

    private static string? Code(string text)
    {
        try
        {
            return JsonDocument.Parse(text).RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Normalize(string? route) => "/" + (route ?? "").Trim('/');

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
