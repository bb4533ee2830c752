using Occupancy.Grains.Access;
using Occupancy.Grains.Alerts;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Canteens.Visits;
using Occupancy.Grains.Members;
using Occupancy.Grains.Notices;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Tests.Support;
using static Occupancy.Grains.Tests.Support.TestPlaces;

namespace Occupancy.Grains.Tests.Alerts;

/// <summary>
/// The check at a meal's end, end to end in one silo with the domain clock moved by hand: who is alerted (once), who
/// is not, acknowledgement and re-raising, the family's notice and history.
/// </summary>
[Collection(AlertsCollection.Name)]
public sealed class SiteAlertsTests(AlertsClusterFixture fixture)
{
    private static readonly TimeZoneInfo Ningbo = TimeZoneInfo.FindSystemTimeZoneById(TestPlaces.TimeZone);
    private readonly IGrainFactory _grains = fixture.Client;

    private DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(fixture.Clock.GetUtcNow(), Ningbo).DateTime);

    private sealed record World(string Site, string Canteen, DateOnly Day, ISiteAlertsGrain Alerts);

    /// <summary>A site and a canteen serving lunch 11:00–13:00 (grace 30 minutes), at 10:00 local on a fresh day.</summary>
    private async Task<World> WorldAsync(bool closedToday = false)
    {
        fixture.AdvanceToLocal(new TimeOnly(10, 0));
        IReadOnlyList<DateOnly>? closedDates = closedToday ? [Today] : null;
        var site = await SiteAsync(_grains);
        var canteen = NewId("canteen");
        var definition = new CanteenDefinition(site, "滨江社区食堂", [new(Meal.Lunch, "11:00", "13:00")], TenSeats, "Binjiang Canteen", ClosedDates: closedDates);
        Accepted(await _grains.GetGrain<ICanteenGrain>(canteen).Define(definition, Actor.System));
        return new World(site, canteen, Today, _grains.GetGrain<ISiteAlertsGrain>(site));
    }

    /// <summary>A senior with a daughter in <c>family</c>; a regular of lunch (the last four Wednesdays, say) unless told otherwise.</summary>
    private async Task<string> SeniorAsync(World world, bool regular = true, bool optIn = true, DateOnly? awayUntil = null, string name = "王建国")
    {
        var (senior, daughter) = (NewId("senior"), NewId("daughter"));
        Accepted(await _grains.GetGrain<IMemberGrain>(daughter).Define(new MemberProfile("王丽", "13900000002", world.Site), Actor.System));
        Accepted(await _grains.GetGrain<IMemberGrain>(senior).Define(
            new MemberProfile(name, "13800000001", world.Site, AgeGroup.Senior, true, Family: [daughter]), Actor.System));
        if (regular)
        {
            foreach (var day in ExpectedDiners.PastSameWeekdays(world.Day, 4).Skip(1))
            {
                var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(11, 30)), TimeSpan.FromHours(8));
                await _grains.GetGrain<ICanteenDayVisitsGrain>(CanteenDayKey.Of(world.Canteen, day)).RecordAll([new DinerVisit(senior, Meal.Lunch, at)]);
            }
        }
        if (optIn) Accepted(await _grains.GetGrain<IAbsenceWatchGrain>(senior).OptIn(new AbsenceWatchRequest(awayUntil), Actor.ResidentOf(senior)));
        return senior;
    }

    private Task CameAsync(World world, string member) =>
        _grains.GetGrain<ICanteenDayVisitsGrain>(CanteenDayKey.Of(world.Canteen, world.Day)).Record(new DinerVisit(member, Meal.Lunch, fixture.Clock.GetUtcNow()));

    [Fact]
    public async Task An_opted_in_regular_who_does_not_come_is_alerted_once_and_nobody_else()
    {
        var world = await WorldAsync();
        var missing = await SeniorAsync(world);
        var came = await SeniorAsync(world);
        var paused = await SeniorAsync(world, awayUntil: world.Day);
        var neverOptedIn = await SeniorAsync(world, optIn: false);
        var notRegular = await SeniorAsync(world, regular: false);
        fixture.AdvanceToLocal(new TimeOnly(11, 40));
        await CameAsync(world, came);

        fixture.AdvanceToLocal(new TimeOnly(13, 29));
        Assert.Empty(await world.Alerts.CheckDue());
        fixture.AdvanceToLocal(new TimeOnly(13, 30));
        var alert = Assert.Single(await world.Alerts.CheckDue());

        Assert.Equal(AbsenceAlert.IdOf(world.Canteen, world.Day, Meal.Lunch, missing), alert.Id);
        Assert.Equal($"{world.Canteen}/{world.Day:yyyy-MM-dd}/lunch/{missing}", alert.Id);
        Assert.Equal((AlertStatus.Open, ExpectedBecause.Regular, "王建国"), (alert.Status, alert.ExpectedBecause, alert.MemberName));
        // The same check again, and again after the grain was collected and read back from storage: nothing new.
        Assert.Empty(await world.Alerts.CheckDue());
        await _grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Empty(await world.Alerts.CheckDue());
        var listed = Accepted(await world.Alerts.List(Actor.StaffOf("desk", world.Site)));
        Assert.Equal([alert.Id], listed.Select(a => a.Id));
        Assert.DoesNotContain(listed, a => a.MemberId == came || a.MemberId == paused || a.MemberId == neverOptedIn || a.MemberId == notRegular);
    }

    [Fact]
    public async Task Nobody_is_alerted_on_a_day_the_canteen_is_closed()
    {
        var world = await WorldAsync(closedToday: true);
        await SeniorAsync(world);

        fixture.AdvanceToLocal(new TimeOnly(14, 0));
        Assert.Empty(await world.Alerts.CheckDue());
        Assert.Empty(Accepted(await world.Alerts.List(Actor.System)));
    }

    [Fact]
    public async Task A_senior_who_booked_the_sitting_is_expected_without_being_a_regular()
    {
        var world = await WorldAsync();
        var booked = await SeniorAsync(world, regular: false);
        var now = fixture.Clock.GetUtcNow();
        var lunchStart = new DateTimeOffset(world.Day.ToDateTime(new TimeOnly(11, 30)), TimeSpan.FromHours(8));
        var sitting = _grains.GetGrain<ISessionGrain>(NewId("sitting"));
        Accepted(await sitting.Define(new SessionDefinition(world.Site, world.Canteen, "午餐第一轮", BookingCategory.Meal, lunchStart, lunchStart.AddHours(1), 20,
            now.AddHours(-1), lunchStart, lunchStart), Actor.System));
        Accepted(await sitting.Book(new BookingRequest(booked), Actor.ResidentOf(booked)));

        fixture.AdvanceToLocal(new TimeOnly(13, 30));
        var alert = Assert.Single(await world.Alerts.CheckDue());
        Assert.Equal((booked, ExpectedBecause.Booked), (alert.MemberId, alert.ExpectedBecause));
    }

    [Fact]
    public async Task Staff_acknowledge_an_alert_and_one_left_open_is_raised_again_after_the_set_time()
    {
        var world = await WorldAsync();
        var first = await SeniorAsync(world, name: "李秀英");
        var second = await SeniorAsync(world, name: "张伟");
        fixture.AdvanceToLocal(new TimeOnly(13, 30));
        Assert.Equal(2, (await world.Alerts.CheckDue()).Count);
        var desk = Actor.StaffOf("desk-li", world.Site);
        var firstId = AbsenceAlert.IdOf(world.Canteen, world.Day, Meal.Lunch, first);

        Refused(await world.Alerts.Acknowledge(firstId, new AcknowledgeRequest(AlertOutcome.ReachedByPhone), Actor.StaffOf("elsewhere", await SiteAsync(_grains))), ProblemCodes.Forbidden);
        Refused(await world.Alerts.Acknowledge(firstId, new AcknowledgeRequest((AlertOutcome)42), desk), ProblemCodes.InvalidRequest);
        Refused(await world.Alerts.Acknowledge(firstId + "x", new AcknowledgeRequest(AlertOutcome.Away), desk), ProblemCodes.NotFound);
        fixture.AdvanceToLocal(new TimeOnly(13, 45));
        var closed = Accepted(await world.Alerts.Acknowledge(firstId, new AcknowledgeRequest(AlertOutcome.ReachedByPhone, "女儿接她去看病了"), desk));

        Assert.Equal(AlertStatus.Closed, closed.Status);
        Assert.Equal(new Acknowledgement(AlertOutcome.ReachedByPhone, "女儿接她去看病了", "desk-li", fixture.Clock.GetUtcNow()), closed.Acknowledgement);
        Assert.Equal(closed, Accepted(await world.Alerts.Acknowledge(firstId, new AcknowledgeRequest(AlertOutcome.FalseAlarm), desk)));

        fixture.AdvanceToLocal(new TimeOnly(13, 59));
        await world.Alerts.CheckDue();
        Assert.Equal(AlertStatus.Open, Open(await Listed(world), second).Status);
        fixture.AdvanceToLocal(new TimeOnly(14, 0));
        await world.Alerts.CheckDue();
        var escalated = Open(await Listed(world), second);
        Assert.Equal((AlertStatus.Escalated, fixture.Clock.GetUtcNow()), (escalated.Status, escalated.EscalatedAt));
        Assert.Equal(AlertStatus.Closed, (await Listed(world)).Single(a => a.MemberId == first).Status);
    }

    [Fact]
    public async Task The_family_gets_an_urgent_notice_and_sees_the_alert_in_the_seniors_history()
    {
        var world = await WorldAsync();
        var senior = await SeniorAsync(world);
        var daughter = Accepted(await _grains.GetGrain<IMemberGrain>(senior).Get(Actor.System)) is MemberView view ? view.Family.Single() : throw new InvalidOperationException();
        fixture.AdvanceToLocal(new TimeOnly(13, 30));
        var alert = Assert.Single(await world.Alerts.CheckDue());

        var notices = Accepted(await _grains.GetGrain<IMemberNoticesGrain>(senior).List(Actor.ResidentOf(daughter)));
        var notice = Assert.Single(notices, n => n.Kind == NoticeKind.AbsenceAlert);
        Assert.True(notice.Urgent);
        var history = Accepted(await _grains.GetGrain<IAbsenceWatchGrain>(senior).ListAlerts(Actor.ResidentOf(daughter)));
        Assert.Equal([alert.Id], history.Select(a => a.Id));
        Refused(await _grains.GetGrain<IAbsenceWatchGrain>(senior).ListAlerts(Actor.ResidentOf(NewId("neighbour"))), ProblemCodes.Forbidden);
    }

    private async Task<IReadOnlyList<AbsenceAlert>> Listed(World world) => Accepted(await world.Alerts.List(Actor.StaffOf("desk", world.Site)));

    private static AbsenceAlert Open(IReadOnlyList<AbsenceAlert> alerts, string member) => alerts.Single(a => a.MemberId == member);
}
