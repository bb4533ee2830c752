using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Booking;

/// <summary>The session's own rules: window, one booking per member, capacity, definitions and cancellation of a session.</summary>
[Collection(BookingCollection.Name)]
public sealed class SessionRuleTests(BookingClusterFixture fixture)
{
    [Fact]
    public async Task The_booking_window_opens_and_closes_with_the_clock_and_each_is_a_new_version()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("window", world.Definition(startsIn: TimeSpan.FromHours(5), opensIn: TimeSpan.FromHours(1)));
        var member = await world.MemberAsync("eager");

        var tooEarly = await session.Book(new BookingRequest(member), Actor.System);
        var notYetOpen = (await session.Get())!;
        fixture.Time.Advance(TimeSpan.FromHours(1));
        var open = (await session.Get())!;
        var booked = await session.Book(new BookingRequest(member), Actor.System);

        Assert.Equal(ProblemCodes.BookingNotOpen, tooEarly.Problem?.Code);
        Assert.Equal(SessionStatus.NotYetOpen, notYetOpen.Status);
        Assert.Equal(SessionStatus.Open, open.Status);
        Assert.True(open.Version > notYetOpen.Version);
        Assert.Equal(BookingStatus.Confirmed, booked.Value?.Status);
    }

    [Fact]
    public async Task One_booking_per_member_per_session_but_a_cancelled_member_may_book_again()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync();
        var member = await world.MemberAsync("twice");
        var first = await world.BookAsync(session, member);

        var second = await session.Book(new BookingRequest(member), Actor.System);
        await session.CancelBooking(first.BookingId, Actor.ResidentOf(member));
        var again = await session.Book(new BookingRequest(member), Actor.System);

        Assert.Equal(ProblemCodes.AlreadyBooked, second.Problem?.Code);
        Assert.Equal(BookingStatus.Confirmed, again.Value?.Status);
        Assert.NotEqual(first.BookingId, again.Value!.BookingId);
    }

    [Fact]
    public async Task A_full_session_with_a_full_waitlist_says_full()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("small", capacity: 1, waitlist: 0);
        await world.BookAsync(session, await world.MemberAsync("first"));

        var outcome = await session.Book(new BookingRequest(await world.MemberAsync("second")), Actor.System);

        Assert.Equal(ProblemCodes.Full, outcome.Problem?.Code);
    }

    [Fact]
    public async Task Unknown_sessions_and_members_are_not_found_and_nothing_is_created()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var unknown = world.Grains.GetGrain<ISessionGrain>($"{world.Prefix}-nothing");
        var session = await world.SessionAsync();

        Assert.Equal(ProblemCodes.NotFound, (await unknown.Book(new BookingRequest(await world.MemberAsync("m")), Actor.System)).Problem?.Code);
        Assert.Null(await unknown.Get());
        Assert.Equal(ProblemCodes.NotFound, (await session.Book(new BookingRequest($"{world.Prefix}-ghost"), Actor.System)).Problem?.Code);
        Assert.Null(await world.Member($"{world.Prefix}-ghost").ProfileAsync());
        Assert.Equal(0, (await session.Get())!.Booked);
    }

    [Fact]
    public async Task Capacity_cannot_drop_below_the_booked_seats_and_raising_it_promotes_the_waitlist()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var definition = world.Definition(capacity: 2, waitlist: 2);
        var session = await world.SessionAsync("resize", definition);
        await world.BookAsync(session, await world.MemberAsync("a"));
        await world.BookAsync(session, await world.MemberAsync("b"));
        var waiting = await world.BookAsync(session, await world.MemberAsync("c"));

        var lowered = await session.Define(definition with { Capacity = 1 }, Actor.System);
        var raised = await session.Define(definition with { Capacity = 3 }, Actor.System);

        Assert.Equal(ProblemCodes.InvalidState, lowered.Problem?.Code);
        Assert.False(raised.Value!.Created);
        await world.MemberSeesAsync(waiting.MemberId, waiting.BookingId, BookingStatus.Confirmed);
        Assert.Equal((3, 0), ((await session.Get())!.Booked, (await session.Get())!.Waitlisted));
    }

    [Fact]
    public async Task A_session_must_belong_to_an_existing_site_and_one_of_its_facilities()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = world.Grains.GetGrain<ISessionGrain>($"{world.Prefix}-nowhere");

        var noSite = await session.Define(world.Definition() with { SiteId = $"{world.Prefix}-nosite" }, Actor.System);
        var noFacility = await session.Define(world.Definition() with { FacilityId = $"{world.Prefix}-nogym" }, Actor.System);
        var badTimes = await session.Define(world.Definition() with { BookingClosesAt = world.Now + TimeSpan.FromDays(1) }, Actor.System);

        Assert.Equal(("siteId", "facilityId", "bookingClosesAt"),
            (noSite.Problem!.Errors!.Keys.Single(), noFacility.Problem!.Errors!.Keys.Single(), badTimes.Problem!.Errors!.Keys.Single()));
        Assert.Null(await session.Get());
    }

    [Fact]
    public async Task Cancelling_a_session_cancels_every_booking_and_closes_it()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("called-off", capacity: 1, waitlist: 1);
        var seated = await world.BookAsync(session, await world.MemberAsync("s"));
        var waiting = await world.BookAsync(session, await world.MemberAsync("w"));

        var cancelled = await session.Cancel(Actor.System);
        var booking = await session.Book(new BookingRequest(await world.MemberAsync("late")), Actor.System);

        Assert.Equal((SessionStatus.Cancelled, 0, 0), (cancelled.Value!.Status, cancelled.Value.Booked, cancelled.Value.Waitlisted));
        Assert.Equal(ProblemCodes.BookingClosed, booking.Problem?.Code);
        await world.MemberSeesAsync(seated.MemberId, seated.BookingId, BookingStatus.Cancelled);
        await world.MemberSeesAsync(waiting.MemberId, waiting.BookingId, BookingStatus.Cancelled);
        Assert.False((await session.GetBooking(seated.BookingId, Actor.System)).Value!.Late);
        Assert.Equal(ProblemCodes.InvalidState, (await session.Define(world.Definition(), Actor.System)).Problem?.Code);
    }
}
