using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Members;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Booking;

/// <summary>
/// A booking touches the session (the source of truth) and the member. These tests break the step between them
/// and show the member's view converging, and show member-side rules holding under concurrency.
/// </summary>
[Collection(BookingCollection.Name)]
public sealed class ConsistencyTests(BookingClusterFixture fixture)
{
    [Fact]
    public async Task One_member_booking_two_overlapping_sessions_at_once_gets_exactly_one()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var yoga = await world.SessionAsync("yoga", world.Definition(startsIn: TimeSpan.FromHours(3)));
        var boxing = await world.SessionAsync("boxing", world.Definition(startsIn: TimeSpan.FromHours(3.5)));
        var members = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => world.MemberAsync($"m{i}")));

        var answers = await Task.WhenAll(members.Select(async m =>
        {
            var both = await Task.WhenAll(yoga.Book(new BookingRequest(m), Actor.System), boxing.Book(new BookingRequest(m), Actor.System));
            return (Member: m, Answers: both);
        }));

        foreach (var (member, both) in answers)
        {
            Assert.Equal(1, both.Count(a => a.Succeeded));
            Assert.Equal(ProblemCodes.Overlap, both.Single(a => !a.Succeeded).Problem!.Code);
        }
        Assert.Equal(10, (await yoga.Get())!.Booked + (await boxing.Get())!.Booked);
    }

    [Fact]
    public async Task A_member_decides_concurrent_holds_one_after_the_other_and_a_hold_never_committed_lapses()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var member = world.Member(await world.MemberAsync("m"));
        var starts = world.Now + TimeSpan.FromHours(3);
        BookingHold Hold(string session, TimeSpan offset) => new($"b-{session}", $"{world.Prefix}-{session}", world.SiteId, BookingCategory.Class,
            starts + offset, starts + offset + TimeSpan.FromHours(1), DateOnly.FromDateTime(starts.UtcDateTime), Eligibility.Everyone, member.GetPrimaryKeyString(), HoldPurpose.Confirm);

        var decided = await Task.WhenAll(member.Hold(Hold("a", TimeSpan.Zero)), member.Hold(Hold("b", TimeSpan.FromMinutes(30))));

        Assert.Single(decided, d => d is null);
        Assert.Single(decided, d => d?.Code == ProblemCodes.Overlap);
        // Neither session ever commits (they do not even exist): the member asks, hears "unknown", and lets go.
        await Eventually.Until(async () => await member.Hold(Hold("c", TimeSpan.FromMinutes(15))) is null, "the uncommitted hold lapses");
    }

    [Fact]
    public async Task A_rebooking_is_not_refused_by_the_members_stale_copy_of_a_cancelled_booking_of_the_same_session()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var member = world.Member(await world.MemberAsync("m"));
        var session = $"{world.Prefix}-yoga";
        var starts = world.Now + TimeSpan.FromHours(3);
        // The member still holds the booking as confirmed: the session's cancellation has not reached it yet.
        await member.ApplyBookingChanges([new MemberBookingChange("b-old", session, world.SiteId, "瑜伽", "Yoga", BookingCategory.Class,
            starts, starts + TimeSpan.FromHours(1), BookingStatus.Confirmed, null, null, world.Now, 1)]);

        var again = await member.Hold(new BookingHold("b-new", session, world.SiteId, BookingCategory.Class, starts, starts + TimeSpan.FromHours(1),
            DateOnly.FromDateTime(starts.UtcDateTime), Eligibility.Everyone, member.GetPrimaryKeyString(), HoldPurpose.Confirm));

        Assert.Null(again);
    }

    [Fact]
    public async Task One_member_booking_many_sessions_at_once_stays_within_the_category_cap()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var sessions = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            world.SessionAsync($"s{i}", world.Definition(startsIn: TimeSpan.FromHours(3 + 2 * i)))));
        var member = await world.MemberAsync("greedy");

        var answers = await Task.WhenAll(sessions.Select(s => s.Book(new BookingRequest(member), Actor.System)));

        Assert.Equal(fixture.Options.MaxUpcomingPerCategory, answers.Count(a => a.Succeeded));
        Assert.All(answers.Where(a => !a.Succeeded), a => Assert.Equal(ProblemCodes.LimitReached, a.Problem!.Code));
    }

    [Fact]
    public async Task When_the_member_write_fails_after_the_session_committed_the_member_still_converges()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync();
        var member = await world.MemberAsync("m");
        var memberGrain = world.Member(member).GetGrainId();
        // The hold is written; the delivery of the confirmed booking fails twice.
        fixture.Faults.FailWrites(memberGrain, skip: 1, count: 2);

        var booking = await world.BookAsync(session, member);

        await world.MemberSeesAsync(member, booking.BookingId, BookingStatus.Confirmed);
        Assert.Equal(2, fixture.Faults.FailuresOf(memberGrain));
    }

    [Fact]
    public async Task When_the_session_is_lost_before_delivering_the_members_hold_brings_the_booking_over()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync();
        var member = await world.MemberAsync("m");
        var memberGrain = world.Member(member).GetGrainId();
        fixture.Faults.FailWrites(memberGrain, skip: 1, count: int.MaxValue);

        var booking = await world.BookAsync(session, member);
        await Eventually.Until(() => fixture.Faults.FailuresOf(memberGrain) >= 1, "the delivery to the member failed");
        await fixture.Cluster.DeactivateAsync(session);
        fixture.Faults.Clear(memberGrain);

        // Nobody calls the session: the member's pending hold asks it, which brings it back with its outbox.
        await world.MemberSeesAsync(member, booking.BookingId, BookingStatus.Confirmed);
    }

    [Fact]
    public async Task When_the_session_is_lost_before_delivering_a_cancellation_the_member_converges_once_it_is_back()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync();
        var member = await world.MemberAsync("m");
        var booking = await world.BookAsync(session, member);
        await world.MemberSeesAsync(member, booking.BookingId, BookingStatus.Confirmed);
        var memberGrain = world.Member(member).GetGrainId();
        fixture.Faults.FailWrites(memberGrain, count: int.MaxValue);

        await session.CancelBooking(booking.BookingId, Actor.ResidentOf(member));
        await Eventually.Until(() => fixture.Faults.FailuresOf(memberGrain) >= 1, "the delivery to the member failed");
        await fixture.Cluster.DeactivateAsync(session);
        fixture.Faults.Clear(memberGrain);
        // A screen watching the session reads it again (the reminder would do the same within a minute).
        Assert.Equal(0, (await session.Get())!.Booked);

        await world.MemberSeesAsync(member, booking.BookingId, BookingStatus.Cancelled);
    }

    [Fact]
    public async Task When_the_hold_cannot_be_written_the_booking_fails_unknown_and_its_retry_books_once()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync();
        var member = await world.MemberAsync("m");
        fixture.Faults.FailWrites(world.Member(member).GetGrainId());
        var key = new IdempotencyKey("app", "hold-fails");

        await Assert.ThrowsAsync<StorageUnavailableException>(() => session.Book(new BookingRequest(member), Actor.System, key));
        var before = (await session.Get())!;
        var retry = await session.Book(new BookingRequest(member), Actor.System, key);

        Assert.Equal(0, before.Booked);
        Assert.Equal(BookingStatus.Confirmed, retry.Value?.Status);
        Assert.Equal(1, (await session.Get())!.Booked);
        await world.MemberSeesAsync(member, retry.Value!.BookingId, BookingStatus.Confirmed);
    }

    [Fact]
    public async Task Bookings_waitlists_and_pending_releases_survive_the_session_being_reactivated()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var session = await world.SessionAsync("durable", capacity: 1, waitlist: 2, startsIn: TimeSpan.FromMinutes(40));
        var seated = await world.BookAsync(session, await world.MemberAsync("s"));
        var first = await world.BookAsync(session, await world.MemberAsync("w1"));
        var second = await world.BookAsync(session, await world.MemberAsync("w2"));
        var before = (await session.Get())!;

        await fixture.Cluster.DeactivateAsync(session);
        var after = (await session.Get())!;
        await session.CancelBooking(seated.BookingId, Actor.ResidentOf(seated.MemberId));
        await world.MemberSeesAsync(first.MemberId, first.BookingId, BookingStatus.Confirmed);
        await world.MemberSeesAsync(second.MemberId, second.BookingId, BookingStatus.Waitlisted, position: 1);
        await fixture.Cluster.DeactivateAsync(session);
        fixture.Time.Advance(TimeSpan.FromMinutes(40 + 15));

        Assert.Equal((before.Booked, before.Waitlisted, before.Version), (after.Booked, after.Waitlisted, after.Version));
        Assert.Equal(BookingStatus.NoShow, (await session.GetBooking(first.BookingId, Actor.System)).Value!.Status);
        Assert.Equal(BookingStatus.Expired, (await session.GetBooking(second.BookingId, Actor.System)).Value!.Status);
        await world.MemberSeesAsync(first.MemberId, first.BookingId, BookingStatus.NoShow);
    }
}
