using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Members;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Booking;

/// <summary>Rules that depend on the member: eligibility, overlaps, caps, no-show blocks and who may book for whom.</summary>
[Collection(BookingCollection.Name)]
public sealed class MemberRuleTests(BookingClusterFixture fixture)
{
    [Fact]
    public async Task A_seniors_only_meal_sitting_takes_seniors_only()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var lunch = await world.SessionAsync("lunch", world.Definition(category: BookingCategory.Meal, eligibility: new Eligibility([AgeGroup.Senior])));

        var adult = await lunch.Book(new BookingRequest(await world.MemberAsync("adult", AgeGroup.Adult)), Actor.System);
        var senior = await lunch.Book(new BookingRequest(await world.MemberAsync("senior", AgeGroup.Senior)), Actor.System);

        Assert.Equal(ProblemCodes.NotEligible, adult.Problem?.Code);
        Assert.Equal(BookingStatus.Confirmed, senior.Value?.Status);
    }

    [Fact]
    public async Task A_card_holders_class_needs_a_card_of_this_site_valid_on_the_day()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var definition = world.Definition(eligibility: new Eligibility(AnnualCardRequired: true));
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(definition.StartsAt, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);
        var boxing = await world.SessionAsync("boxing", definition);

        var noCard = await boxing.Book(new BookingRequest(await world.MemberAsync("nocard")), Actor.System);
        var otherSite = await boxing.Book(new BookingRequest(await world.MemberAsync("other", card: new AnnualCard("elsewhere", day.AddYears(1)))), Actor.System);
        var expired = await boxing.Book(new BookingRequest(await world.MemberAsync("expired", card: new AnnualCard(world.SiteId, day.AddDays(-1)))), Actor.System);
        var valid = await boxing.Book(new BookingRequest(await world.MemberAsync("valid", card: new AnnualCard(world.SiteId, day))), Actor.System);

        Assert.Equal([ProblemCodes.NotEligible, ProblemCodes.NotEligible, ProblemCodes.NotEligible], new[] { noCard, otherSite, expired }.Select(o => o.Problem?.Code));
        Assert.Equal(BookingStatus.Confirmed, valid.Value?.Status);
    }

    [Fact]
    public async Task A_gym_slot_free_for_seniors_needs_no_card_from_seniors_and_residents_only_means_residents()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var gym = await world.SessionAsync("gym", world.Definition(category: BookingCategory.Activity,
            eligibility: new Eligibility(AnnualCardRequired: true, ResidentsOnly: true, AnnualCardWaivedFor: [AgeGroup.Senior])));

        var senior = await gym.Book(new BookingRequest(await world.MemberAsync("senior", AgeGroup.Senior)), Actor.System);
        var adult = await gym.Book(new BookingRequest(await world.MemberAsync("adult", AgeGroup.Adult)), Actor.System);
        var visitor = await gym.Book(new BookingRequest(await world.MemberAsync("visitor", AgeGroup.Senior, resident: false)), Actor.System);

        Assert.Equal(BookingStatus.Confirmed, senior.Value?.Status);
        Assert.Equal(ProblemCodes.NotEligible, adult.Problem?.Code);
        Assert.Equal(ProblemCodes.NotEligible, visitor.Problem?.Code);
    }

    [Fact]
    public async Task Two_overlapping_confirmed_bookings_are_refused_but_waiting_for_an_overlapping_one_is_not()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var yoga = await world.SessionAsync("yoga", world.Definition(startsIn: TimeSpan.FromHours(3)));
        var boxing = await world.SessionAsync("boxing", world.Definition(startsIn: TimeSpan.FromHours(3.5)));
        var later = await world.SessionAsync("later", world.Definition(startsIn: TimeSpan.FromHours(4)));
        var fullOverlap = await world.SessionAsync("full", world.Definition(startsIn: TimeSpan.FromHours(3.5), capacity: 1, waitlist: 2));
        await world.BookAsync(fullOverlap, await world.MemberAsync("other"));
        var member = await world.MemberAsync("busy");
        await world.BookAsync(yoga, member);

        var overlapping = await boxing.Book(new BookingRequest(member), Actor.System);
        var afterwards = await later.Book(new BookingRequest(member), Actor.System);
        var waiting = await fullOverlap.Book(new BookingRequest(member), Actor.System);

        Assert.Equal(ProblemCodes.Overlap, overlapping.Problem?.Code);
        Assert.Equal(BookingStatus.Confirmed, afterwards.Value?.Status);
        Assert.Equal(BookingStatus.Waitlisted, waiting.Value?.Status);
    }

    [Fact]
    public async Task Upcoming_bookings_are_capped_per_category_counting_waitlist_places()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var cap = fixture.Options.MaxUpcomingPerCategory;
        var member = await world.MemberAsync("keen");
        var full = await world.SessionAsync("full", world.Definition(startsIn: TimeSpan.FromHours(2), capacity: 1, waitlist: 1));
        await world.BookAsync(full, await world.MemberAsync("other"));
        Assert.Equal(BookingStatus.Waitlisted, (await world.BookAsync(full, member)).Status);
        var kept = new List<BookingSnapshot>();
        for (var i = 1; i < cap; i++)
            kept.Add(await world.BookAsync(await world.SessionAsync($"c{i}", world.Definition(startsIn: TimeSpan.FromHours(3 + 2 * i))), member));

        var overCap = await (await world.SessionAsync("over", world.Definition(startsIn: TimeSpan.FromHours(20)))).Book(new BookingRequest(member), Actor.System);
        var otherCategory = await (await world.SessionAsync("meal", world.Definition(startsIn: TimeSpan.FromHours(22), category: BookingCategory.Meal))).Book(new BookingRequest(member), Actor.System);
        await world.Grains.GetGrain<ISessionGrain>($"{world.Prefix}-c1").CancelBooking(kept[0].BookingId, Actor.ResidentOf(member));
        await world.MemberSeesAsync(member, kept[0].BookingId, BookingStatus.Cancelled);
        var afterCancelling = await world.Grains.GetGrain<ISessionGrain>($"{world.Prefix}-over").Book(new BookingRequest(member), Actor.System);

        Assert.Equal(ProblemCodes.LimitReached, overCap.Problem?.Code);
        Assert.Equal(BookingStatus.Confirmed, otherCategory.Value?.Status);
        Assert.Equal(BookingStatus.Confirmed, afterCancelling.Value?.Status);
    }

    [Fact]
    public async Task No_shows_block_booking_for_a_while_and_staff_can_waive_the_block()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var member = await world.MemberAsync("absent");
        var missed = new List<(ISessionGrain Session, BookingSnapshot Booking)>();
        for (var i = 0; i < fixture.Options.NoShowsBeforeBlock; i++)
        {
            var s = await world.SessionAsync($"missed{i}", world.Definition(startsIn: TimeSpan.FromMinutes(20 + 70 * i)));
            missed.Add((s, await world.BookAsync(s, member)));
        }
        var next = await world.SessionAsync("next", world.Definition(startsIn: TimeSpan.FromDays(1)));

        fixture.Time.Advance(TimeSpan.FromMinutes(20 + 70 * (fixture.Options.NoShowsBeforeBlock - 1) + 15));
        foreach (var (s, b) in missed)
        {
            Assert.Equal(BookingStatus.NoShow, (await s.GetBooking(b.BookingId, Actor.System)).Value!.Status);
            await world.MemberSeesAsync(member, b.BookingId, BookingStatus.NoShow);
        }
        var profile = (await world.Member(member).ProfileAsync())!;
        var blocked = await next.Book(new BookingRequest(member), Actor.System);
        var waived = await world.Member(member).Waive(Actor.System);
        var afterWaiver = await next.Book(new BookingRequest(member), Actor.System);

        Assert.Equal(fixture.Options.NoShowsBeforeBlock, profile.NoShows);
        Assert.NotNull(profile.BlockedUntil);
        Assert.Equal(ProblemCodes.Blocked, blocked.Problem?.Code);
        Assert.Null(waived.Value!.BlockedUntil);
        Assert.Equal(BookingStatus.Confirmed, afterWaiver.Value?.Status);
    }

    [Fact]
    public async Task Staff_and_named_family_may_book_and_cancel_for_a_member_and_nobody_else_may()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var daughter = await world.MemberAsync("daughter");
        var stranger = await world.MemberAsync("stranger");
        var grandpa = await world.MemberAsync("grandpa", AgeGroup.Senior, family: [daughter]);
        var yoga = await world.SessionAsync("yoga");
        var lunch = await world.SessionAsync("lunch", world.Definition(startsIn: TimeSpan.FromHours(6), category: BookingCategory.Meal));
        var tea = await world.SessionAsync("tea", world.Definition(startsIn: TimeSpan.FromHours(9), category: BookingCategory.Course));

        var byStranger = await yoga.Book(new BookingRequest(grandpa), Actor.ResidentOf(stranger));
        var byDaughter = await yoga.Book(new BookingRequest(grandpa), Actor.ResidentOf(daughter));
        var byStaff = await lunch.Book(new BookingRequest(grandpa), Actor.StaffOf("desk", world.SiteId));
        var cancelByStranger = await yoga.CancelBooking(byDaughter.Value!.BookingId, Actor.ResidentOf(stranger));
        var cancelByDaughter = await yoga.CancelBooking(byDaughter.Value.BookingId, Actor.ResidentOf(daughter));
        var grandpaForDaughter = await tea.Book(new BookingRequest(daughter), Actor.ResidentOf(grandpa));

        Assert.Equal(ProblemCodes.Forbidden, byStranger.Problem?.Code);
        Assert.Equal((BookingStatus.Confirmed, daughter), (byDaughter.Value.Status, byDaughter.Value.BookedBy));
        Assert.Equal((BookingStatus.Confirmed, "staff"), (byStaff.Value!.Status, byStaff.Value.BookedBy));
        Assert.Equal(ProblemCodes.Forbidden, cancelByStranger.Problem?.Code);
        Assert.Equal(BookingStatus.Cancelled, cancelByDaughter.Value?.Status);
        Assert.Equal(ProblemCodes.Forbidden, grandpaForDaughter.Problem?.Code); // family is one-way: the daughter did not name him
    }

    [Fact]
    public async Task A_waiter_who_would_now_overlap_is_skipped_and_cancelled_and_the_next_one_is_promoted()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var course = await world.SessionAsync("course", world.Definition(startsIn: TimeSpan.FromHours(3), capacity: 1, waitlist: 2));
        var clash = await world.SessionAsync("clash", world.Definition(startsIn: TimeSpan.FromHours(3.5)));
        var seated = await world.BookAsync(course, await world.MemberAsync("seated"));
        var doubleBooker = await world.MemberAsync("double");
        var skipped = await world.BookAsync(course, doubleBooker);
        var next = await world.BookAsync(course, await world.MemberAsync("next"));
        await world.BookAsync(clash, doubleBooker);

        await course.CancelBooking(seated.BookingId, Actor.ResidentOf(seated.MemberId));

        await world.MemberSeesAsync(next.MemberId, next.BookingId, BookingStatus.Confirmed);
        await world.MemberSeesAsync(doubleBooker, skipped.BookingId, BookingStatus.Cancelled);
        Assert.Equal((1, 0), ((await course.Get())!.Booked, (await course.Get())!.Waitlisted));
    }

    [Fact]
    public async Task Only_staff_may_change_what_decides_eligibility()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var id = await world.MemberAsync("self", AgeGroup.Adult, resident: false);
        var profile = new MemberProfile("self", "13800000001", world.SiteId, AgeGroup.Adult, Resident: false);

        var ownEdit = await world.Member(id).Define(profile with { Name = "自己" }, Actor.ResidentOf(id));
        var selfPromotion = await world.Member(id).Define(profile with { AgeGroup = AgeGroup.Senior, Resident = true }, Actor.ResidentOf(id));
        var byStaff = await world.Member(id).Define(profile with { AgeGroup = AgeGroup.Senior, Resident = true }, Actor.System);

        Assert.Equal("自己", ownEdit.Value!.Snapshot.Name);
        Assert.Equal(ProblemCodes.Forbidden, selfPromotion.Problem?.Code);
        Assert.Equal((AgeGroup.Senior, true), (byStaff.Value!.Snapshot.AgeGroup, byStaff.Value.Snapshot.Resident));
        var found = await world.Grains.GetGrain<IMemberLookupGrain>(0).FindByPhone("13800000001", Occupancy.Grains.Access.Actor.StaffOf("desk", world.SiteId));
        Assert.Contains(found.Value!.OfType<MemberView>(), m => m.Id == id);
    }
}
