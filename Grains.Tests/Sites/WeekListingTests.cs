using Occupancy.Grains.Access;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Sessions.Listing;
using Occupancy.Grains.Tests.Booking;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Sites;

/// <summary>
/// A site's week listing answers from its read model (one listing grain per day): it follows bookings, keeps
/// showing a session that breaks, does not call the sessions it lists, and rebuilds when it comes back.
/// </summary>
[Collection(BookingCollection.Name)]
public sealed class WeekListingTests(BookingClusterFixture fixture)
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public async Task The_listing_shows_a_booking_at_the_sessions_version()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("yoga");
        var member = await world.MemberAsync("wang");
        Assert.Equal(0, Assert.Single(await ListAsync(world)).Booked);

        await world.BookAsync(session, member);
        var version = (await session.Get())!.Version;

        await Eventually.Until(async () => (await ListAsync(world)).SingleOrDefault() is { Booked: 1, Available: 9 } shown && shown.Version == version,
            "the week listing shows the booking at the session's version");
    }

    [Fact]
    public async Task A_week_of_120_sessions_is_listed_without_calling_one_of_them()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var sessions = new List<ISessionGrain>();
        for (var i = 0; i < 120; i++)
            sessions.Add(await world.SessionAsync($"course-{i:D3}", world.Definition(startsIn: TimeSpan.FromHours(3) + TimeSpan.FromMinutes(55 * i))));
        var first = await ListAsync(world);
        Assert.Equal(120, first.Count);

        // No session is active any more: listing them again must not bring one back (each activation reads its state).
        foreach (var session in sessions) await fixture.Cluster.DeactivateAsync(session);
        var readsBefore = sessions.Sum(s => fixture.Faults.ReadsOf(s.GetGrainId()));
        var again = await ListAsync(world);
        var readsAfter = sessions.Sum(s => fixture.Faults.ReadsOf(s.GetGrainId()));

        Assert.Equal(first.Select(s => (s.Id, s.Version)), again.Select(s => (s.Id, s.Version)));
        Assert.Equal(readsBefore, readsAfter);
    }

    [Fact]
    public async Task A_session_that_cannot_answer_is_shown_as_last_known_and_the_others_move_on()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var good = await world.SessionAsync("good");
        var broken = await world.SessionAsync("broken");
        var known = (await broken.Get())!;
        Assert.Equal(2, (await ListAsync(world)).Count);
        await fixture.Cluster.DeactivateAsync(broken);
        fixture.Faults.FailReads(broken.GetGrainId());

        // Booking closes for both: the listing asks each (as a GET would apply the clock); the broken one cannot answer.
        fixture.Time.Advance(TimeSpan.FromHours(3));
        var listing = await ListAsync(world);
        fixture.Faults.ClearReads(broken.GetGrainId());

        Assert.Equal(SessionStatus.Closed, listing.Single(s => s.Id == good.GetPrimaryKeyString()).Status);
        var shown = listing.Single(s => s.Id == broken.GetPrimaryKeyString());
        Assert.Equal((known.Version, known.Status), (shown.Version, shown.Status));
    }

    [Fact]
    public async Task A_listing_that_was_deactivated_rebuilds_from_its_sessions()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("yoga");
        var member = await world.MemberAsync("li");
        await world.BookAsync(session, member);
        var version = (await session.Get())!.Version;
        await Eventually.Until(async () => (await ListAsync(world)).SingleOrDefault()?.Version == version, "the listing has the booking");

        await fixture.Cluster.DeactivateAsync(ListingOf(world, (await session.Get())!));
        await fixture.Cluster.DeactivateAsync(session);

        var shown = Assert.Single(await ListAsync(world));
        Assert.Equal((version, 1), (shown.Version, shown.Booked));
    }

    [Fact]
    public async Task A_booking_whose_write_landed_but_timed_out_still_reaches_the_listing()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("yoga");
        var member = await world.MemberAsync("zhao");
        Assert.Equal(0, Assert.Single(await ListAsync(world)).Booked);

        fixture.Faults.FailWrites(session.GetGrainId(), mode: StorageFaults.Mode.FailAfter);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => session.Book(new BookingRequest(member), Actor.ResidentOf(member)));

        await Eventually.Until(async () => (await ListAsync(world)).SingleOrDefault()?.Booked == 1, "the listing shows the booking the store holds");
        Assert.Equal((await session.Get())!.Version, Assert.Single(await ListAsync(world)).Version);
    }

    [Fact]
    public async Task A_session_moved_to_another_day_leaves_the_old_day()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("yoga");
        var before = (await session.Get())!;
        var moved = world.Definition(startsIn: TimeSpan.FromDays(2) + TimeSpan.FromHours(3));
        Assert.True((await session.Define(moved, Actor.System)).Succeeded);

        await Eventually.Until(async () => (await ListingOf(world, before).List()).Count == 0, "the old day no longer lists the session");
        var week = await ListAsync(world);
        Assert.Equal(moved.StartsAt, Assert.Single(week).StartsAt);
    }

    private static async Task<IReadOnlyList<SessionSnapshot>> ListAsync(BookingWorld world)
    {
        var outcome = await world.Grains.GetGrain<ISessionFinderGrain>(0).Find(new SessionQuery(world.SiteId));
        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
        return outcome.Value!;
    }

    private static ISessionDayListingGrain ListingOf(BookingWorld world, SessionSnapshot session) =>
        world.Grains.GetGrain<ISessionDayListingGrain>(CalendarEntry.CalendarKey(world.SiteId,
            DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(session.StartsAt, Shanghai).DateTime)));
}
