using Occupancy.Grains.Access;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Booking;

/// <summary>The booking cluster with a deadline reminder that ticks every 2 s, so a moved domain clock is noticed by the reminder alone.</summary>
public sealed class ReminderDrivenBookingFixture : BookingClusterFixture
{
    public ReminderDrivenBookingFixture() => Options.DeadlineReminderPeriod = TimeSpan.FromSeconds(2);
}

/// <summary>
/// The no-show release is the session's own doing: after the domain clock passes the start plus 15 minutes nobody
/// calls the session, and its deadline reminder releases the absent member's seat and tells the member.
/// </summary>
[Collection(BookingCollection.Name)]
public sealed class NoShowReminderTests(ReminderDrivenBookingFixture fixture) : IClassFixture<ReminderDrivenBookingFixture>
{
    [Fact]
    public async Task Confirmed_to_no_show_fifteen_minutes_after_the_start_by_the_sessions_reminder_while_checked_in_stays()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("noshow", startsIn: TimeSpan.FromMinutes(20));
        var absent = await world.BookAsync(session, await world.MemberAsync("absent"));
        var present = await world.BookAsync(session, await world.MemberAsync("present"));
        Assert.True((await session.CheckIn(present.BookingId, Actor.System)).Succeeded);
        await world.MemberSeesAsync(absent.MemberId, absent.BookingId, BookingStatus.Confirmed);

        fixture.Time.Advance(TimeSpan.FromMinutes(20 + 15));

        // Nothing asks the session from here on: only its reminder can release the seat and tell the member.
        await Eventually.Until(async () => (await world.Member(absent.MemberId).ProfileAsync())!.NoShows == 1,
            "the session's reminder to release the absent member as a no-show, counted on their profile");
        await world.MemberSeesAsync(absent.MemberId, absent.BookingId, BookingStatus.NoShow);
        Assert.Equal(BookingStatus.NoShow, (await session.GetBooking(absent.BookingId, Actor.System)).Value!.Status);
        Assert.Equal(BookingStatus.CheckedIn, (await session.GetBooking(present.BookingId, Actor.System)).Value!.Status);
        Assert.Equal(0, (await world.Member(present.MemberId).ProfileAsync())!.NoShows);
    }
}
