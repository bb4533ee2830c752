using Occupancy.Grains.Access;
using Occupancy.Grains.Live;
using Occupancy.Grains.Members;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Booking;

/// <summary>Watchers of session:{id} see every change, also the clock's; a member's own list updates live on member:{id}.</summary>
[Collection(BookingCollection.Name)]
public sealed class LiveTests(BookingClusterFixture fixture)
{
    [Fact]
    public async Task Session_watchers_hear_bookings_and_the_window_opening()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("live", world.Definition(opensIn: TimeSpan.FromMinutes(5)));
        using var observer = new RecordingObserver(fixture.Client);
        var node = observer.Reference;
        var topic = Topics.Session(session.GetPrimaryKeyString());

        var watched = (SessionSnapshot)(await session.Watch(node))!;
        fixture.Time.Advance(TimeSpan.FromMinutes(5));
        await session.Get();
        await Eventually.Until(() => observer.Pushes<SessionSnapshot>(topic).Any(s => s.Status == SessionStatus.Open), "the opening is pushed");
        await world.BookAsync(session, await world.MemberAsync("m"));
        await Eventually.Until(() => observer.Pushes<SessionSnapshot>(topic).Any(s => s.Booked == 1), "the booking is pushed");

        Assert.Equal(SessionStatus.NotYetOpen, watched.Status);
        var versions = observer.Pushes<SessionSnapshot>(topic).Select(s => s.Version).ToArray();
        Assert.Equal(versions.Order(), versions);
        Assert.True(versions[0] > watched.Version);
    }

    [Fact]
    public async Task A_member_sees_their_waitlist_position_move_and_their_promotion_live()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("queue", capacity: 1, waitlist: 3);
        var seated = await world.BookAsync(session, await world.MemberAsync("seated"));
        var ahead = await world.BookAsync(session, await world.MemberAsync("ahead"));
        var member = await world.MemberAsync("me");
        var mine = await world.BookAsync(session, member);
        await world.MemberSeesAsync(member, mine.BookingId, BookingStatus.Waitlisted, position: 2);
        using var observer = new RecordingObserver(fixture.Client);
        var node = observer.Reference;
        var topic = Topics.Member(member);
        await world.Member(member).Watch(node);

        await session.CancelBooking(ahead.BookingId, Actor.ResidentOf(ahead.MemberId));
        await Eventually.Until(() => observer.Pushes<MemberBookingsSnapshot>(topic).Any(s => s.Bookings.Any(b => b.BookingId == mine.BookingId && b.WaitlistPosition == 1)),
            "the move up is pushed");
        await session.CancelBooking(seated.BookingId, Actor.ResidentOf(seated.MemberId));
        await Eventually.Until(() => observer.Pushes<MemberBookingsSnapshot>(topic).Any(s => s.Bookings.Any(b => b.BookingId == mine.BookingId && b.Status == BookingStatus.Confirmed)),
            "the promotion is pushed");
    }
}
