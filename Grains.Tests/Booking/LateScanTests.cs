using Occupancy.Grains.Access;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Booking;

/// <summary>The booking cluster with the silo's late-scan window: no-shows are released 5 minutes after check-in closes.</summary>
public sealed class LateScanBookingFixture : BookingClusterFixture
{
    public LateScanBookingFixture() => Options.LateScanWindow = TimeSpan.FromMinutes(5);
}

/// <summary>
/// A kiosk that lost the Api sends its queued scans later with the time each was made: a scan made before check-in
/// closed is honoured when it arrives after the close, and the member is never turned into a no-show; a check-in
/// made after the close is still too late, and an absent member is released once the window has passed.
/// </summary>
[Collection(BookingCollection.Name)]
public sealed class LateScanTests(LateScanBookingFixture fixture) : IClassFixture<LateScanBookingFixture>
{
    [Fact]
    public async Task A_scan_made_before_the_close_and_sent_after_it_checks_in_and_never_counts_as_a_no_show()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("late-scan", startsIn: TimeSpan.FromMinutes(20));
        var queued = await world.BookAsync(session, await world.MemberAsync("queued"));
        var absent = await world.BookAsync(session, await world.MemberAsync("absent"));

        fixture.Time.Advance(TimeSpan.FromMinutes(20 + 14));
        var scannedAt = fixture.Time.GetUtcNow();
        fixture.Time.Advance(TimeSpan.FromMinutes(3)); // the kiosk was offline; check-in closed a minute ago
        var honoured = await session.CheckIn(queued.BookingId, Actor.System, scannedAt: scannedAt);
        var tooLate = await session.CheckIn(absent.BookingId, Actor.System);
        var absentMeanwhile = (await session.GetBooking(absent.BookingId, Actor.System)).Value!.Status;
        fixture.Time.Advance(TimeSpan.FromMinutes(3)); // past the window: the absent member is released
        var released = (await session.GetBooking(absent.BookingId, Actor.System)).Value!.Status;

        Assert.Equal(BookingStatus.CheckedIn, honoured.Value?.Status);
        Assert.Equal(ProblemCodes.InvalidState, tooLate.Problem?.Code);
        Assert.Equal(BookingStatus.Confirmed, absentMeanwhile);
        Assert.Equal(BookingStatus.NoShow, released);
        Assert.Equal(BookingStatus.CheckedIn, (await session.GetBooking(queued.BookingId, Actor.System)).Value!.Status);
        await world.MemberSeesAsync(absent.MemberId, absent.BookingId, BookingStatus.NoShow);
        await world.MemberSeesAsync(queued.MemberId, queued.BookingId, BookingStatus.CheckedIn);
        Assert.Equal(0, (await world.Member(queued.MemberId).ProfileAsync())!.NoShows);
    }

    [Fact]
    public async Task A_scan_made_before_check_in_opens_is_too_early_even_when_it_arrives_after()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("early-scan", startsIn: TimeSpan.FromMinutes(32));
        var booking = await world.BookAsync(session, await world.MemberAsync("early"));

        var scannedAt = fixture.Time.GetUtcNow();
        fixture.Time.Advance(TimeSpan.FromMinutes(3));
        var early = await session.CheckIn(booking.BookingId, Actor.System, scannedAt: scannedAt);

        Assert.Equal(ProblemCodes.InvalidState, early.Problem?.Code);
        Assert.Equal(BookingStatus.Confirmed, (await session.GetBooking(booking.BookingId, Actor.System)).Value!.Status);
    }
}
