using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Occupancy.Grains.Access;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Members;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Sites;
using Occupancy.Grains.Tests.Support;
using Occupancy.Silo.Hosting;
using Occupancy.Testing;
using Orleans.TestingHost;

namespace Occupancy.Grains.Tests.Booking;

/// <summary>
/// A silo on Azure Table storage (a private Azurite) that the test kills and replaces: bookings, the waitlist
/// order and the pending no-show release (state and reminder) survive.
/// </summary>
public sealed class AzuriteBookingFixture : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));

    public AzuriteInstance Azurite { get; private set; } = null!;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteInstance.StartAsync();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddOccupancyStorage(Azurite.ConnectionString);
            silo.Services.AddSingleton(new DomainClock(Time));
            silo.Services.AddOccupancyDomain();
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>Kills the silo (no graceful deactivation, nothing flushed) and starts a fresh one on the same store.</summary>
    public async Task CrashAndRestartAsync()
    {
        var old = Cluster.Silos[0];
        await Cluster.KillSiloAsync(old);
        await Cluster.StartAdditionalSiloAsync();
    }

    /// <summary>The first call after a crash: retried until the client has found the new silo and the old one is declared dead.</summary>
    public async Task<T> FirstCallAsync<T>(Func<IClusterClient, Task<T>> call)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            try
            {
                return await call(Cluster.Client);
            }
            catch (Exception error) when (error is not Xunit.Sdk.XunitException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null) await Cluster.DisposeAsync();
        if (Azurite is not null) await Azurite.DisposeAsync();
    }
}

[Collection(ClusterCollection.Name)]
public sealed class BookingDurabilityTests(AzuriteBookingFixture fixture) : IClassFixture<AzuriteBookingFixture>
{
    [Fact]
    public async Task Bookings_the_waitlist_order_and_pending_no_show_releases_survive_a_silo_crash()
    {
        var grains = fixture.Cluster.Client;
        var now = fixture.Time.GetUtcNow();
        Assert.True((await grains.GetGrain<ISiteGrain>("dura-site").Define(new SiteDefinition("福明家园社区", "Asia/Shanghai"), Actor.System)).Succeeded);
        Assert.True((await grains.GetGrain<IFacilityGrain>("dura-gym").Define(new FacilityDefinition("dura-site", FacilityKind.Gym, "百姓健身房", 40), Actor.System)).Succeeded);
        var starts = now.AddMinutes(40);
        var session = grains.GetGrain<ISessionGrain>("dura-yoga");
        Assert.True((await session.Define(new SessionDefinition("dura-site", "dura-gym", "瑜伽", BookingCategory.Class, starts, starts.AddHours(1), 1,
            now.AddHours(-1), starts.AddMinutes(-10), starts.AddHours(-2), WaitlistCapacity: 2), Actor.System)).Succeeded);
        foreach (var m in new[] { "dura-a", "dura-b", "dura-c" })
            Assert.True((await grains.GetGrain<IMemberGrain>(m).Define(new MemberProfile(m, AgeGroup: AgeGroup.Adult), Actor.System)).Succeeded);
        var seat = (await session.Book(new BookingRequest("dura-a"), Actor.System)).Value!;
        var first = (await session.Book(new BookingRequest("dura-b"), Actor.System)).Value!;
        var second = (await session.Book(new BookingRequest("dura-c"), Actor.System)).Value!;
        var before = (await session.Get())!;

        await fixture.CrashAndRestartAsync();
        var after = (await fixture.FirstCallAsync(client => client.GetGrain<ISessionGrain>("dura-yoga").Get()))!;
        session = fixture.Cluster.Client.GetGrain<ISessionGrain>("dura-yoga");
        var line = (await session.ListBookings(Actor.System)).Value!.Where(b => b.Status == BookingStatus.Waitlisted).Select(b => (b.BookingId, b.WaitlistPosition)).ToArray();

        Assert.Equal((1, 2, before.Version), (after.Booked, after.Waitlisted, after.Version));
        Assert.Equal([(first.BookingId, (int?)1), (second.BookingId, (int?)2)], line);

        // After the restart the first waiter is promoted on a cancellation, and the second moves up.
        Assert.True((await session.CancelBooking(seat.BookingId, Actor.ResidentOf("dura-a"))).Succeeded);
        await Eventually.Until(async () => (await session.GetBooking(first.BookingId, Actor.System)).Value!.Status == BookingStatus.Confirmed, "the first waiter is promoted");
        await Eventually.Until(async () => (await fixture.Cluster.Client.GetGrain<IMemberGrain>("dura-b").GetBookings(Actor.System)).Value!.Bookings
            .Any(b => b.BookingId == first.BookingId && b.Status == BookingStatus.Confirmed), "the promoted member's own list shows it");

        await fixture.CrashAndRestartAsync();
        session = fixture.Cluster.Client.GetGrain<ISessionGrain>("dura-yoga");
        await fixture.FirstCallAsync(client => client.GetGrain<ISessionGrain>("dura-yoga").Get());
        var reminders = await fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress)
            .GetRequiredService<IReminderTable>().ReadRows(session.GetGrainId());
        fixture.Time.Advance(TimeSpan.FromMinutes(40 + 15));
        var released = (await session.GetBooking(first.BookingId, Actor.System)).Value!;

        Assert.Contains(reminders.Reminders, r => r.ReminderName == "session-deadlines");
        Assert.Equal(BookingStatus.NoShow, released.Status);
        Assert.Equal(BookingStatus.Expired, (await session.GetBooking(second.BookingId, Actor.System)).Value!.Status);
        await Eventually.Until(async () => (await fixture.Cluster.Client.GetGrain<IMemberGrain>("dura-b").ProfileAsync())!.NoShows == 1, "the no-show counts against the member");
    }
}
