using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Occupancy.Bench.City;
using Occupancy.Bench.Harness;
using Occupancy.Grains.Catalog;
using Occupancy.Grains.Catalog.Generated;
using Occupancy.Grains.Sessions;

namespace Occupancy.Bench.Scenarios;

/// <summary>
/// City scale (its own command, <c>scripts/bench.sh city</c>): a generated city (<see cref="CityCatalog"/>, by default
/// 200 sites × 100 weekly sessions and 50,000 members) loaded into the fresh store through the cluster, with the load
/// time and the storage used after it; then reads of the city's own (a site's week listing, a member's bookings), and
/// the rush and reads scenarios of the registry run on city ids (<see cref="CityOptions"/>). Sizes: --sites,
/// --sessions-per-site, --members, --seed; --load-parallelism (64 grain calls in flight for the sites),
/// --member-load-parallelism (16 for the members); --budget-minutes (90): past
/// it, what is left is skipped and the report says so.
/// </summary>
internal sealed class CityScenario(IReadOnlyList<IScenario> registry) : IScenario
{
    /// <summary>The scenarios run on the city after the load, in this order, if the registry has them.</summary>
    private static readonly string[] OnTheCity = ["rush", "reads"];

    public string Name => "city";

    public async Task Run(BenchContext context, BenchReport report)
    {
        var size = new CitySize(context.Option("sites", 200), context.Option("sessions-per-site", 100), context.Option("members", 50_000), context.Option("seed", 2026));
        var budget = Stopwatch.StartNew();
        var limit = TimeSpan.FromMinutes(context.Option("budget-minutes", 90));
        report.Begin(Name, $"City scale: {size.Sites} sites × {size.SessionsPerSite} weekly sessions, {size.Members:N0} members");

        var generating = Stopwatch.StartNew();
        var city = new CityCatalog(size);
        var sites = city.Sites().ToArray();
        var members = city.Members().ToArray();
        generating.Stop();
        var weekly = sites.Sum(CityCatalog.WeeklySessions);
        context.Log($"city: generated {sites.Length} sites ({weekly} weekly sessions) and {members.Length} members in {generating.Elapsed.TotalSeconds:0.0} s");

        var load = await LoadAsync(context, sites, members);
        if (load.Failure is not null)
        {
            // The store is not answering: counting its rows or reading through it would only fail the same way.
            report.Add(new Measured(Name, "load (stopped: the store stopped answering)",
            [
                [
                    new Figure("sites with their week of sessions", load.Sites.TotalSeconds, "s"),
                    new Figure("members loaded", load.MembersDone, "members"),
                    new Figure("members", load.Members.TotalSeconds, "s"),
                ],
            ], []));
            report.Note(Name, $"The member load stopped after {load.MembersDone:N0} of {members.Length:N0} members ({load.Members.TotalSeconds:0} s): {load.Failure}. " +
                              "Nothing else ran on this city.");
            return;
        }
        var stored = await StoreSize.CountAsync(Storage(context));
        var azurite = Path.Combine(context.DataDir, "azurite");
        var onDisk = await StoreSize.OnDiskAsync(azurite, TimeSpan.FromSeconds(6));
        var entities = stored.Sum(t => t.Entities);
        // Grain state only: the reminders table has a row per session too.
        var sessions = stored.Where(t => t.Name.Contains("GrainState", StringComparison.OrdinalIgnoreCase))
            .SelectMany(t => t.ByKind).Where(k => k.Key == "session").ToArray();
        report.Add(new Measured(Name, "load (once, into the fresh store)",
        [
            [
                new Figure("generate", generating.Elapsed.TotalSeconds, "s"),
                new Figure("sites with their week of sessions", load.Sites.TotalSeconds, "s"),
                new Figure("members", load.Members.TotalSeconds, "s"),
                new Figure("load in all", (load.Sites + load.Members).TotalSeconds, "s"),
                new Figure("members loaded", load.MembersDone, "members"),
                new Figure("member load rate", load.MembersDone / Math.Max(load.Members.TotalSeconds, 1e-3), "/s"),
                new Figure("entities in the store", entities, "rows"),
                new Figure("Azurite data on disk", onDisk / (1024.0 * 1024), "MB"),
                new Figure("on disk per entity", entities == 0 || onDisk < 0 ? double.NaN : onDisk / (double)entities, "bytes"),
            ],
        ], []));
        report.Note(Name, $"Generated: {sites.Length} sites ({sites.Sum(s => s.Facilities.Count)} facilities, {sites.Sum(s => s.Canteens.Count)} canteens, " +
                          $"{sites.Sum(s => s.Schedules.Count)} weekly schedules making {weekly} sessions a week) and {members.Length} members, seed {size.Seed}; " +
                          $"loaded through the cluster (an Orleans client of the bench, CatalogLoader, {context.Option("load-parallelism", 64)} calls in flight for the sites, {context.Option("member-load-parallelism", 16)} for the members): " +
                          $"created {load.Created.Sites} sites, {load.Created.Facilities} facilities, {load.Created.Canteens} canteens, {load.MembersCreated} members ({load.Retries} retried after the store did not confirm in time); " +
                          "a site counts as loaded once its schedule grain has generated its rolling week of sessions.");
        report.Note(Name, "Store afterwards (rows per table; grain state by kind): " + string.Join("; ", stored.Select(t =>
            $"{t.Name} {t.Entities}" + (t.ByKind.Count > 1 ? " (" + string.Join(", ", t.ByKind.OrderByDescending(k => k.Value).Take(8).Select(k => $"{k.Key} {k.Value}")) + ")" : ""))));
        report.Note(Name, $"Azurite data on disk: the folder {azurite} once Azurite's periodic save settled (it holds its tables in memory and does not sync to disk). " +
                          (sessions.Length > 0 ? $"Sessions stored: {sessions.Sum(k => k.Value)} of {weekly} a week (the next 7 days: today's sessions already started are not created; the demo catalog, loaded at start, is in the counts too)." : ""));

        var cityOptions = CityOptions(context, city, sites, members);
        await MeasureReadsAsync(context, report, sites, members);

        foreach (var name in OnTheCity)
        {
            if (budget.Elapsed > limit)
            {
                report.Note(Name, $"The {name} scenario on the city was skipped: the city's budget of {limit.TotalMinutes:0} minutes was spent.");
                continue;
            }
            if (registry.FirstOrDefault(s => s.Name == name) is not { } scenario)
            {
                report.Note(Name, $"The {name} scenario is not in this build's registry: not run on the city.");
                continue;
            }
            report.Note(Name, $"The {name} section below ran on the city data, with " + string.Join(" ", cityOptions.Where(o => o.Key != "member-ids").Select(o => $"--{o.Key} {o.Value}")) +
                              $" --member-ids <{cityOptions["member-ids"].Split(',').Length} city members>.");
            await scenario.Run(WithOptions(context, cityOptions), report);
        }
        report.Note(Name, $"The city command took {budget.Elapsed.TotalMinutes:0.0} minutes (budget {limit.TotalMinutes:0}).");
    }

    /// <param name="MembersDone">Members loaded; fewer than generated when <paramref name="Failure"/> ended the load.</param>
    private sealed record Load(TimeSpan Sites, TimeSpan Members, CatalogSeedCounts Created, int MembersCreated, int MembersDone, int Retries, string? Failure);

    private static async Task<Load> LoadAsync(BenchContext context, CatalogSite[] sites, CatalogMember[] members)
    {
        await using var cluster = await ClusterClient.ConnectAsync(Storage(context), context.Option("cluster-id", "occupancy"), context.Option("service-id", "occupancy"),
            TimeSpan.FromMinutes(context.Option("load-call-timeout-minutes", 10)));
        var loader = new CatalogLoader(cluster.Grains, context.Option("load-parallelism", 64));
        // Members one grain call each, fewer in flight: Azurite's point reads scan every row of a kind (50,000 members'),
        // so a long queue only lets its requests time out and come back as retries.
        var memberLoader = new CatalogLoader(cluster.Grains, context.Option("member-load-parallelism", 16));

        var clock = Stopwatch.StartNew();
        var done = 0;
        var created = await loader.LoadSitesAsync(sites, _ => Progress(context, "sites", Interlocked.Increment(ref done), sites.Length, clock));
        var sitesTime = clock.Elapsed;
        context.Log($"city: {sites.Length} sites with their sessions loaded in {sitesTime.TotalSeconds:0.0} s");

        clock.Restart();
        done = 0;
        var membersCreated = 0;
        string? failure = null;
        try
        {
            membersCreated = await memberLoader.LoadMembersAsync(members, _ => Progress(context, "members", Interlocked.Increment(ref done), members.Length, clock));
        }
        catch (Exception error)
        {
            // The store stopped answering for longer than the loader's retries wait: report what loaded, not a crash.
            failure = $"{error.GetType().Name}: {error.Message.Split('\n')[0]}";
            context.Log($"city: the member load stopped after {done} members: {failure}");
        }
        var membersTime = clock.Elapsed;
        context.Log($"city: {done} of {members.Length} members loaded in {membersTime.TotalSeconds:0.0} s");
        return new Load(sitesTime, membersTime, created, membersCreated, done, loader.Retries + memberLoader.Retries, failure);
    }

    private static void Progress(BenchContext context, string what, int done, int of, Stopwatch clock)
    {
        if (done == of || done % Math.Max(1, of / 10) == 0) context.Log($"city: {what} {done}/{of} after {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// City ids for the scenarios run on it: --site (a generated site), --facility (its activity rooms, where a
    /// scenario may create sessions of its own), --session (a generated 30-seat session with a 20-place waitlist open
    /// for booking now, if the city has one), --member-ids (up to 5,000 city members, comma-separated, eligible for it),
    /// --city (the size, for the report).
    /// </summary>
    private static Dictionary<string, string> CityOptions(BenchContext context, CityCatalog city, CatalogSite[] sites, CatalogMember[] members)
    {
        var site = sites[0];
        var options = new Dictionary<string, string>
        {
            ["site"] = site.Id,
            ["facility"] = site.Facilities.First(f => f.Id.EndsWith("-rooms", StringComparison.Ordinal)).Id,
            ["member-ids"] = string.Join(',', members.Take(5_000).Select(m => m.Id)),
            ["city"] = $"{city.Size.Sites}x{city.Size.SessionsPerSite}x{city.Size.Members}",
        };
        if (RushSession(sites) is { } session) options["session"] = session;
        return options;
    }

    /// <summary>The first generated session shaped like the rush (30 seats, 20 waiting, every age group) whose booking is open now and stays open an hour.</summary>
    private static string? RushSession(CatalogSite[] sites)
    {
        var now = DateTimeOffset.UtcNow;
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        foreach (var site in sites)
        foreach (var schedule in site.Schedules.Where(s => s is { Capacity: 30, WaitlistCapacity: 20 } && s.Eligibility.AgeGroups.Count == 3).Select(SessionSchedule.FromCatalog))
        for (var date = today; date < today.AddDays(7); date = date.AddDays(1))
        {
            if (!schedule.RunsOn(date)) continue;
            foreach (var time in schedule.Times)
            {
                var definition = schedule.Definition(date, time, zone, site.Id);
                if (definition.BookingOpensAt < now && definition.BookingClosesAt > now.AddHours(1)) return schedule.SessionId(date, time);
            }
        }
        return null;
    }

    /// <summary>A site's week (the listing a resident opens first) and a member's bookings, on random city ids, several requests in flight.</summary>
    private static async Task MeasureReadsAsync(BenchContext context, BenchReport report, CatalogSite[] sites, CatalogMember[] members)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = context.Api, Timeout = TimeSpan.FromMinutes(2) };
        var admin = context.Tokens?.Admin();
        var listings = context.Option("listings", 400);
        var bookingReads = context.Option("booking-reads", 2_000);
        var concurrency = context.Option("read-concurrency", 16);

        var week = await Repeat.Run(context, "city", $"a site's week listing (GET /api/sessions?siteId=…, {concurrency} in flight)", async rep =>
        {
            var random = new Random(1_000 + rep);
            var targets = Enumerable.Range(0, listings).Select(_ => sites[random.Next(sites.Length)].Id).ToArray();
            var counts = new int[listings];
            var (rate, latency, failed) = await ReadAsync(listings, concurrency, async i =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions?siteId={targets[i]}");
                if (admin is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
                using var response = await http.SendAsync(request);
                if (!response.IsSuccessStatusCode) return false;
                using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
                counts[i] = body.RootElement.GetArrayLength();
                return true;
            });
            return new Repetition(
                [new Figure("listings", rate, "/s"), new Figure("p50", latency.Percentile(50), "ms"), new Figure("p99", latency.Percentile(99), "ms"), new Figure("sessions per listing", counts.Average(), "sessions")],
                failed > 0 ? [$"{failed} of {listings} listings failed"] : []);
        });
        report.Add(week);

        var bookings = await Repeat.Run(context, "city", $"a member's bookings (GET /api/members/…/bookings as the member, {concurrency * 2} in flight)", async rep =>
        {
            var random = new Random(2_000 + rep);
            var targets = Enumerable.Range(0, bookingReads).Select(_ => members[random.Next(members.Length)].Id).ToArray();
            var (rate, latency, failed) = await ReadAsync(bookingReads, concurrency * 2, async i =>
            {
                var member = targets[i];
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/members/{member}/bookings");
                if (context.Tokens is { } tokens) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Resident(member));
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                return response.IsSuccessStatusCode;
            });
            return new Repetition([new Figure("reads", rate, "/s"), new Figure("p50", latency.Percentile(50), "ms"), new Figure("p99", latency.Percentile(99), "ms")],
                failed > 0 ? [$"{failed} of {bookingReads} reads failed"] : []);
        });
        report.Add(bookings);
        report.Note("city", "Reads of the city's own: random generated sites and members (each listing is the site's next 7 days, answered by the session finder, " +
                            "which asks every session of the week); first reads of a member activate its grain from the store.");
    }

    /// <summary>Sends <paramref name="count"/> requests, <paramref name="concurrency"/> at a time; answers the rate, latencies and failures.</summary>
    private static async Task<(double Rate, Latencies Latency, int Failed)> ReadAsync(int count, int concurrency, Func<int, Task<bool>> read)
    {
        var latency = new Latencies();
        var failed = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (true)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= count) return;
                var sent = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await read(i);
                }
                catch (HttpRequestException)
                {
                    ok = false;
                }
                latency.Add(Stopwatch.GetElapsedTime(sent));
                if (!ok) Interlocked.Increment(ref failed);
            }
        }));
        return (count / clock.Elapsed.TotalSeconds, latency, failed);
    }

    /// <summary>The same context (system, tokens, processes for the CPU figures) with the city's ids among its options.</summary>
    private static BenchContext WithOptions(BenchContext context, IReadOnlyDictionary<string, string> city)
    {
        var options = new Dictionary<string, string>(context.Options);
        foreach (var (key, value) in city) options[key] = value;
        return context with { Options = options };
    }

    private static string Storage(BenchContext context) => context.Storage.Length > 0 ? context.Storage : Grains.StorageClients.DefaultConnectionString;
}
