using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Occupancy.Grains.Access;
using Occupancy.Grains.Members;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Tests.Support;
using Occupancy.Silo.Hosting;
using Orleans.TestingHost;
using Xunit.Abstractions;
using static Occupancy.Grains.Tests.Support.TestPlaces;

namespace Occupancy.Grains.Tests.Durability;

/// <summary>
/// A session at the contract's maximums on the real Azure Table provider: 1,000 seats and 1,000 waitlist places
/// booked with an Idempotency-Key each, a redefinition that re-sends every booking, a mass expiry at close. Its
/// stored row stays inside the table store's entity limit throughout, every retry replays, and it keeps writing.
/// </summary>
[Collection(DurabilityCollection.Name)]
public sealed class SessionAtMaximumsTests(AzuriteStoreFixture store, ITestOutputHelper output)
{
    private const int Seats = SessionDefinition.MaxCapacity;
    private const int Waitlist = SessionDefinition.MaxWaitlistCapacity;

    [Fact]
    public async Task A_session_at_its_maximums_stays_inside_the_stores_limit_and_keeps_its_answers()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = await StartAsync(time);
        var grains = cluster.Client;
        var siteId = await SiteAsync(grains);
        var gymId = (await FacilityAsync(grains, siteId)).Id;
        var sessionId = NewId("session");
        var session = grains.GetGrain<ISessionGrain>(sessionId);
        var starts = time.GetUtcNow() + TimeSpan.FromDays(2);
        SessionDefinition Definition(string title) => new(siteId, gymId, title, BookingCategory.Class, starts, starts + TimeSpan.FromHours(1), Seats,
            time.GetUtcNow() - TimeSpan.FromHours(1), starts - TimeSpan.FromMinutes(10), starts - TimeSpan.FromHours(2), Waitlist, "Yoga", "操课室");
        Assert.True((await session.Define(Definition("瑜伽"), Actor.System)).Succeeded);

        // Long member ids (39 characters) make each booking heavier than most.
        var members = Enumerable.Range(0, Seats + Waitlist).Select(_ => NewId("member")).ToArray();
        await ForEachAsync(members, async m => Defined(await Retried(() => grains.GetGrain<IMemberGrain>(m).Define(new MemberProfile("居民", null, siteId, AgeGroup.Adult, true, null, null), Actor.System))));

        var watch = Stopwatch.StartNew();
        var answers = new Outcome<BookingSnapshot>[members.Length];
        await ForEachAsync(Enumerable.Range(0, members.Length), async i =>
            answers[i] = await Retried(() => session.Book(new BookingRequest(members[i]), Actor.System, Key(i))));
        output.WriteLine($"{members.Length} bookings with keys in {watch.Elapsed.TotalSeconds:F1} s; {_retries} retries after 503 (outcome unknown) with the same key");
        var refused = answers.Where(a => !a.Succeeded).Select(a => a.Problem!.Code).ToArray();
        // Refusing is allowed only deliberately, as full; never an unknown outcome.
        Assert.All(refused, code => Assert.Equal(ProblemCodes.Full, code));
        var snapshot = (await session.Get())!;
        output.WriteLine($"booked {snapshot.Booked}, waitlisted {snapshot.Waitlisted}, refused {refused.Length}");
        Assert.Equal(Seats, snapshot.Booked);
        var afterBooking = await RowBytesAsync(sessionId, "session");
        output.WriteLine($"session row after booking: {afterBooking:N0} bytes ({afterBooking / (double)(snapshot.Booked + snapshot.Waitlisted):F0} per booking); "
            + $"the session's own estimate {await EstimateAsync(cluster, session):N0}");

        // Every retry replays its answer, including the oldest (the ledger is full).
        for (var i = 0; i < members.Length; i += 97)
        {
            var replay = await session.Book(new BookingRequest(members[i]), Actor.System, Key(i));
            Assert.Equal(answers[i].Value ?? (object?)answers[i].Problem?.Code, replay.Value ?? (object?)replay.Problem?.Code);
        }
        var ledgerBytes = 0L;
        for (var shard = 0; shard < SessionLedger.Shards; shard++) ledgerBytes += await RowBytesAsync($"{sessionId}/{shard}", "session-ledger");
        output.WriteLine($"ledger rows: {ledgerBytes:N0} bytes in {SessionLedger.Shards} rows");

        // A redefinition re-sends every booking to its member.
        Assert.True((await session.Define(Definition("瑜伽（新）"), Actor.System)).Succeeded);
        var afterDefine = await RowBytesAsync(sessionId, "session");
        output.WriteLine($"session row after a redefinition: {afterDefine:N0} bytes");
        var sent = Stopwatch.StartNew();
        // Asked of the members (in memory), not of the store, which is busy enough writing their deliveries.
        await Eventually.Until(async () =>
            {
                try
                {
                    var views = await Task.WhenAll(members.Select(m => grains.GetGrain<IMemberGrain>(m).GetBookings(Actor.System)));
                    return views.All(v => v.Value!.Bookings.Any(b => b.SessionId == sessionId && b.Title == "瑜伽（新）"));
                }
                catch (Exception error) when (error is OrleansException or TimeoutException or StorageUnavailableException)
                {
                    // A member reactivating against a store slowed by the machine's load: ask again.
                    return false;
                }
            }, "every member has the redefined booking", TimeSpan.FromMinutes(3));
        output.WriteLine($"the redefinition reached all {members.Length} members in {sent.Elapsed.TotalSeconds:F1} s");

        // The window closes: every waitlisted booking expires at once.
        time.Advance(starts - TimeSpan.FromMinutes(5) - time.GetUtcNow());
        Assert.Equal(0, (await Retried(session.Get))!.Waitlisted);
        var afterExpiry = await RowBytesAsync(sessionId, "session");
        output.WriteLine($"session row after the mass expiry: {afterExpiry:N0} bytes; {_retries} retries so far");

        // Still written to: a cancellation is durable, and the site's listing shows the session.
        var cancelled = await Retried(() => session.CancelBooking(answers.First(a => a.Value?.Status == BookingStatus.Confirmed).Value!.BookingId, Actor.System, new IdempotencyKey("max", "cancel")));
        Assert.Equal(BookingStatus.Cancelled, cancelled.Value?.Status);
        var listing = await grains.GetGrain<ISessionFinderGrain>(0).Find(new SessionQuery(siteId, From: DateOnly.FromDateTime(starts.UtcDateTime.AddDays(-1)), To: DateOnly.FromDateTime(starts.UtcDateTime.AddDays(1))));
        Assert.Contains(listing.Value!, s => s.Id == sessionId);
        foreach (var bytes in new[] { afterBooking, afterDefine, afterExpiry, await RowBytesAsync(sessionId, "session") })
            Assert.True(bytes < StateSize.TableEntityLimit, $"the session's row holds {bytes:N0} bytes, past the store's {StateSize.TableEntityLimit:N0}");
    }

    private static async Task<long> EstimateAsync(InProcessTestCluster cluster, ISessionGrain session) =>
        new SessionSize(cluster.Silos[0].ServiceProvider).Of(await StoredAsync(cluster, session));

    /// <summary>The session's state as the store holds it now.</summary>
    private static async Task<SessionState> StoredAsync(InProcessTestCluster cluster, ISessionGrain session)
    {
        var state = new GrainState<SessionState>(new SessionState());
        await cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>(StorageNames.Occupancy)
            .ReadStateAsync("session", session.GetGrainId(), state);
        return state.State!;
    }

    private static IdempotencyKey Key(int i) => new("max", $"book-{i}");

    private async Task<InProcessTestCluster> StartAsync(FakeTimeProvider time)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = NewId("svc");
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(new DomainClock(time));
            silo.AddOccupancyStorage(store.ConnectionString);
            silo.Services.AddOccupancyDomain();
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Bytes of the grain state's row in the store (its binary and string properties).</summary>
    private async Task<long> RowBytesAsync(string key, string stateName)
    {
        var table = new TableClient(store.ConnectionString, "OrleansGrainState");
        long bytes = 0;
        var found = false;
        // A row key of the state's name and the grain's hash ("session.3f9a…"; '/' follows '.').
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.RowKey.CompareTo(stateName + ".") > 0 && e.RowKey.CompareTo(stateName + "/") < 0))
        {
            if (!entity.PartitionKey.EndsWith(key.Replace('/', '_'), StringComparison.Ordinal) && !entity.PartitionKey.EndsWith(key, StringComparison.Ordinal)) continue;
            found = true;
            foreach (var value in ((IDictionary<string, object>)entity).Values)
            {
                bytes += value switch
                {
                    byte[] binary => binary.Length,
                    BinaryData data => data.ToMemory().Length,
                    string text => text.Length * 2,
                    _ => 8,
                };
            }
        }
        Assert.True(found, $"no row {stateName} for {key}");
        return bytes;
    }

    private int _retries;

    private static void Defined<T>(Outcome<T> outcome) => Assert.True(outcome.Succeeded, outcome.Problem?.Detail);

    /// <summary>As a client does: a 503 or a timeout (outcome unknown, here a store slowed by the machine's load) is retried with the same key.</summary>
    private async Task<T> Retried<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception error) when (error is StorageUnavailableException or TimeoutException && attempt < 5)
            {
                Interlocked.Increment(ref _retries);
            }
        }
    }

    private static Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> body) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (item, _) => await body(item));
}
