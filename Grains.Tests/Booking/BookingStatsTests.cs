using Occupancy.Grains.Access;
using Occupancy.Grains.Stats;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Booking;

/// <summary>Sessions feed the site's daily statistics: bookings, cancellations, no-shows and sessions held.</summary>
[Collection(BookingCollection.Name)]
public sealed class BookingStatsTests(BookingClusterFixture fixture)
{
    [Fact]
    public async Task Bookings_cancellations_no_shows_and_the_session_held_are_counted_on_their_local_days()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("counted", startsIn: TimeSpan.FromMinutes(20));
        var kept = await world.BookAsync(session, await world.MemberAsync("kept"));
        var dropped = await world.BookAsync(session, await world.MemberAsync("dropped"));
        await world.BookAsync(session, await world.MemberAsync("absent"));
        await session.CancelBooking(dropped.BookingId, Actor.ResidentOf(dropped.MemberId));
        await session.CheckIn(kept.BookingId, Actor.System);
        var bookedOn = LocalDates.DateOf(world.Now, "Asia/Shanghai");
        var heldOn = LocalDates.DateOf((await session.Get())!.StartsAt, "Asia/Shanghai");

        fixture.Time.Advance(TimeSpan.FromMinutes(20 + 15));
        await session.Get();

        var bookingDay = world.Grains.GetGrain<ISiteDayGrain>(SiteDayKey.Of(world.SiteId, bookedOn));
        var sessionDay = world.Grains.GetGrain<ISiteDayGrain>(SiteDayKey.Of(world.SiteId, heldOn));
        await Eventually.Until(async () =>
        {
            var booking = await bookingDay.GetTotals();
            var held = await sessionDay.GetTotals();
            return (booking.Bookings, booking.Cancellations, held.NoShows, held.SessionsHeld) == (3, 1, 1, 1);
        }, "the day's statistics count 3 bookings, 1 cancellation, 1 no-show and 1 session held");
    }
}
