using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Booking;

/// <summary>Weekly schedules keep a rolling week of sessions created, once, and listings find them by site, facility and date.</summary>
[Collection(BookingCollection.Name)]
public sealed class ScheduleTests(BookingClusterFixture fixture)
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public async Task A_weekly_schedule_keeps_a_rolling_week_of_sessions_and_never_overwrites_an_administrator()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var schedule = Yoga(world, days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
        var schedules = world.Grains.GetGrain<IScheduleGrain>(world.SiteId);
        var finder = world.Grains.GetGrain<ISessionFinderGrain>(0);
        var expected = ExpectedIds(schedule, world.Now, days: 7);

        Assert.True((await schedules.SetSchedules([schedule])).Succeeded);
        await Eventually.Until(async () => (await finder.Find(new SessionQuery(world.SiteId))).Value!.Select(s => s.Id).SequenceEqual(expected),
            "the week's sessions are listed in order");

        var first = await world.Grains.GetGrain<ISessionGrain>(expected[0]).Get();
        var local = TimeZoneInfo.ConvertTime(first!.StartsAt, Shanghai);
        Assert.Equal((19, 0, 60, 20, 10), (local.Hour, local.Minute, (int)(first.EndsAt - first.StartsAt).TotalMinutes, first.Capacity, first.WaitlistCapacity));
        Assert.Equal((first.StartsAt.AddDays(-2), first.StartsAt.AddMinutes(-10), first.StartsAt.AddMinutes(-120)),
            (first.BookingOpensAt, first.BookingClosesAt, first.CancelFreeUntil));

        // An administrator halves one session; generating again changes nothing, and the next day comes on its own turn.
        var changed = await world.Grains.GetGrain<ISessionGrain>(expected[0]).Define(schedule.Definition(
            DateOnly.ParseExact(expected[0][^13..^5], "yyyyMMdd"), "19:00", Shanghai, world.SiteId) with { Capacity = 10 }, Actor.System);
        Assert.True(changed.Succeeded, changed.Problem?.Detail);
        Assert.True((await schedules.SetSchedules([schedule])).Succeeded);
        Assert.Equal(0, await schedules.Generate());
        fixture.Time.Advance(TimeSpan.FromDays(1));
        var createdNextDay = await schedules.Generate();

        Assert.Equal(10, (await world.Grains.GetGrain<ISessionGrain>(expected[0]).Get())!.Capacity);
        Assert.Equal(1, createdNextDay);
        Assert.NotNull(await world.Grains.GetGrain<ISessionGrain>(ExpectedIds(schedule, world.Now, days: 7)[^1]).Get());
    }

    [Fact]
    public async Task Listings_filter_by_facility_and_dates_and_refuse_what_they_cannot_answer()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var finder = world.Grains.GetGrain<ISessionFinderGrain>(0);
        var near = await world.SessionAsync("near", world.Definition(startsIn: TimeSpan.FromHours(3)));
        var far = await world.SessionAsync("far", world.Definition(startsIn: TimeSpan.FromDays(10)));
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(world.Now, Shanghai).DateTime);

        var week = await finder.Find(new SessionQuery(FacilityId: world.GymId));
        var later = await finder.Find(new SessionQuery(world.SiteId, From: today.AddDays(9), To: today.AddDays(11)));

        Assert.Equal([near.GetPrimaryKeyString()], week.Value!.Select(s => s.Id));
        Assert.Equal([far.GetPrimaryKeyString()], later.Value!.Select(s => s.Id));
        Assert.Equal(ProblemCodes.InvalidRequest, (await finder.Find(new SessionQuery())).Problem?.Code);
        Assert.Equal(ProblemCodes.InvalidRequest, (await finder.Find(new SessionQuery(world.SiteId, From: today, To: today.AddDays(31)))).Problem?.Code);
        Assert.Equal(ProblemCodes.InvalidRequest, (await finder.Find(new SessionQuery(world.SiteId, From: today, To: today.AddDays(-1)))).Problem?.Code);
        Assert.Equal(ProblemCodes.NotFound, (await finder.Find(new SessionQuery($"{world.Prefix}-nosite"))).Problem?.Code);
        Assert.Equal(ProblemCodes.NotFound, (await finder.Find(new SessionQuery(FacilityId: $"{world.Prefix}-nogym"))).Problem?.Code);
    }

    [Fact]
    public async Task Invalid_schedules_are_refused_whole()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var schedules = world.Grains.GetGrain<IScheduleGrain>(world.SiteId);

        var badDay = await schedules.SetSchedules([Yoga(world, days: ["someday"])]);
        var badWindow = await schedules.SetSchedules([Yoga(world, days: ["mon"]) with { BookingOpensDaysBefore = 0 }]);

        Assert.Equal(ProblemCodes.InvalidRequest, badDay.Problem?.Code);
        Assert.Equal(ProblemCodes.InvalidRequest, badWindow.Problem?.Code);
        Assert.Empty(await schedules.GetSchedules());
    }

    private static SessionSchedule Yoga(BookingWorld world, IReadOnlyList<string> days) =>
        new($"{world.Prefix}-yoga", world.GymId, "瑜伽", "Yoga", BookingCategory.Class, "操课室", days, ["19:00"], 60, 20, 10, 2, 10, 120, Eligibility.Everyone);

    /// <summary>The ids of a daily 19:00 schedule's sessions from today on, skipping one that has started already.</summary>
    private static string[] ExpectedIds(SessionSchedule schedule, DateTimeOffset now, int days)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Shanghai).DateTime);
        return Enumerable.Range(0, days).Select(today.AddDays)
            .Where(d => schedule.Definition(d, "19:00", Shanghai, "x").StartsAt > now)
            .Select(d => schedule.SessionId(d, "19:00"))
            .ToArray();
    }
}
