using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Audit;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Canteens.Visits;
using Occupancy.Grains.Cards;
using Occupancy.Grains.Checkin;
using Occupancy.Grains.Members;
using Occupancy.Grains.Stats;
using Occupancy.Grains.Tests.Support;
using static Occupancy.Grains.Tests.Support.TestPlaces;

namespace Occupancy.Grains.Tests.Canteens;

/// <summary>Visits at a canteen serving lunch 11–13 and dinner 17–19, Ningbo time, with the domain clock moved by hand.</summary>
[Collection(RulesCollection.Name)]
public sealed class CanteenVisitTests(RulesClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    private sealed record Place(string Site, string Canteen, ICanteenVisitDeskGrain Desk, Actor Staff);

    private async Task<Place> PlaceAsync()
    {
        var site = await SiteAsync(_grains);
        var canteen = (await CanteenAsync(_grains, site)).Id;
        return new Place(site, canteen, _grains.GetGrain<ICanteenVisitDeskGrain>(canteen), Actor.StaffOf("desk", site));
    }

    private async Task<(string Member, string Card, string Phone)> DinerAsync(string homeSite, IReadOnlyList<string>? family = null, string? phone = null)
    {
        var member = NewId("m");
        phone ??= "139" + Random.Shared.NextInt64(10_000_000, 100_000_000);
        Accepted(await _grains.GetGrain<IMemberGrain>(member).Define(new MemberProfile("张阿姨", phone, homeSite, AgeGroup.Senior, true, null, family), Actor.System));
        var card = Accepted(await _grains.GetGrain<IMemberCardGrain>(member).SetPin(Actor.System, "2468"));
        return (member, card.CardNumber, phone);
    }

    private static DateOnly LocalToday(DateTimeOffset local) => DateOnly.FromDateTime(local.DateTime);

    [Fact]
    public async Task A_visit_at_lunch_counts_the_diner_once_and_a_second_is_acknowledged_as_already_counted()
    {
        var local = fixture.AdvanceToLocal(new TimeOnly(11, 30));
        var p = await PlaceAsync();
        var diner = await DinerAsync(p.Site);

        var first = Accepted(await p.Desk.Record(new VisitRequest(CardNumber: diner.Card), p.Staff));
        var again = Accepted(await p.Desk.Record(new VisitRequest(CardNumber: diner.Card), p.Staff));

        Assert.Equal((diner.Member, Meal.Lunch, LocalToday(local), false, 1), (first.MemberId, first.Meal, first.Date, first.AlreadyCounted, first.Diners));
        Assert.Equal((true, 1, first.At), (again.AlreadyCounted, again.Diners, again.At));
        var day = _grains.GetGrain<ICanteenDayVisitsGrain>(CanteenDayKey.Of(p.Canteen, LocalToday(local)));
        Assert.Equal([diner.Member], await day.VisitorsOf(Meal.Lunch));
        Assert.Empty(await day.VisitorsOf(Meal.Dinner));
        var history = Accepted(await _grains.GetGrain<IMemberVisitsGrain>(diner.Member).List(Actor.ResidentOf(diner.Member)));
        Assert.Equal(new MemberVisit(p.Canteen, p.Site, LocalToday(local), Meal.Lunch, first.At), Assert.Single(history));
    }

    [Fact]
    public async Task A_visit_by_phone_is_an_audited_look_up_and_a_shared_phone_needs_the_member_id()
    {
        fixture.AdvanceToLocal(new TimeOnly(17, 10));
        var p = await PlaceAsync();
        var diner = await DinerAsync(p.Site);
        var spouse = await DinerAsync(p.Site, phone: diner.Phone);
        var staff = Actor.StaffOf(NewId("desk"), p.Site);

        var ambiguous = Refused(await p.Desk.Record(new VisitRequest(Phone: diner.Phone), staff), ProblemCodes.InvalidState);
        var picked = Accepted(await p.Desk.Record(new VisitRequest(Phone: diner.Phone, MemberId: spouse.Member), staff));
        Refused(await p.Desk.Record(new VisitRequest(Phone: diner.Phone, MemberId: NewId("m")), staff), ProblemCodes.NotFound);

        Assert.Contains("memberId", ambiguous.Detail);
        Assert.Equal((spouse.Member, Meal.Dinner), (picked.MemberId, picked.Meal));
        var audit = Accepted(await PhoneLookupAudit.ReadDay(_grains, Actor.System, DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime)));
        Assert.Equal(3, audit.Count(r => r.Subject == staff.Subject));
    }

    [Fact]
    public async Task Devices_of_the_canteen_and_its_site_record_by_card_others_are_refused_and_nothing_is_counted()
    {
        var local = fixture.AdvanceToLocal(new TimeOnly(12, 0));
        var p = await PlaceAsync();
        var elsewhere = await SiteAsync(_grains);
        var diner = await DinerAsync(p.Site);
        var byCard = new VisitRequest(CardNumber: diner.Card);

        foreach (var stranger in new[]
                 {
                     Actor.StaffOf("desk-b", elsewhere), Actor.SiteDevice("kiosk-b", elsewhere), Actor.CanteenDevice("dev-b", NewId("canteen")),
                     Actor.ResidentOf(diner.Member), Actor.Anonymous("addr:1"), Actor.FacilityDevice("gate", NewId("gym")),
                 })
            Refused(await p.Desk.Record(byCard, stranger), ProblemCodes.Forbidden);
        Refused(await p.Desk.Record(new VisitRequest(Phone: diner.Phone), Actor.SiteDevice("kiosk", p.Site)), ProblemCodes.Forbidden);
        var day = _grains.GetGrain<ICanteenDayVisitsGrain>(CanteenDayKey.Of(p.Canteen, LocalToday(local)));
        Assert.Empty(await day.VisitorsOf(Meal.Lunch));

        Assert.False(Accepted(await p.Desk.Record(byCard, Actor.CanteenDevice("dev", p.Canteen))).AlreadyCounted);
        Assert.True(Accepted(await p.Desk.Record(byCard, Actor.SiteDevice("kiosk", p.Site))).AlreadyCounted);
        Assert.Equal([diner.Member], await day.VisitorsOf(Meal.Lunch));
    }

    [Fact]
    public async Task Outside_meal_hours_a_visit_is_refused_unless_staff_name_a_meal_that_has_started()
    {
        var local = fixture.AdvanceToLocal(new TimeOnly(15, 0));
        var p = await PlaceAsync();
        var diner = await DinerAsync(p.Site);

        var between = Refused(await p.Desk.Record(new VisitRequest(CardNumber: diner.Card), p.Staff), ProblemCodes.InvalidState);
        Refused(await p.Desk.Record(new VisitRequest(CardNumber: diner.Card, Meal: Meal.Dinner), p.Staff), ProblemCodes.InvalidState);
        Refused(await p.Desk.Record(new VisitRequest(CardNumber: diner.Card, Meal: Meal.Breakfast), p.Staff), ProblemCodes.InvalidRequest);
        Refused(await p.Desk.Record(new VisitRequest(CardNumber: diner.Card, Meal: Meal.Lunch, Date: LocalToday(local).AddDays(1)), p.Staff), ProblemCodes.InvalidRequest);
        Refused(await p.Desk.Record(new VisitRequest(CardNumber: diner.Card, Meal: Meal.Lunch, Date: LocalToday(local).AddDays(-8)), p.Staff), ProblemCodes.InvalidRequest);
        Assert.Empty(Accepted(await _grains.GetGrain<IMemberVisitsGrain>(diner.Member).List(Actor.System)));

        var late = Accepted(await p.Desk.Record(new VisitRequest(CardNumber: diner.Card, Meal: Meal.Lunch), p.Staff));
        var lastWeek = Accepted(await p.Desk.Record(new VisitRequest(CardNumber: diner.Card, Meal: Meal.Dinner, Date: LocalToday(local).AddDays(-7)), p.Staff));

        Assert.Contains("No meal is served now", between.Detail);
        Assert.Equal((LocalToday(local), Meal.Lunch), (late.Date, late.Meal));
        Assert.Equal(LocalToday(local).AddDays(-7), lastWeek.Date);
        Assert.Equal(2, Accepted(await _grains.GetGrain<IMemberVisitsGrain>(diner.Member).List(Actor.System)).Count);
    }

    [Fact]
    public async Task A_kiosk_scan_queued_at_the_end_of_lunch_and_sent_after_it_counts_for_lunch_when_it_was_made()
    {
        var local = fixture.AdvanceToLocal(new TimeOnly(12, 58));
        var p = await PlaceAsync();
        var queuedDiner = await DinerAsync(p.Site);
        var lateDiner = await DinerAsync(p.Site);
        var door = _grains.GetGrain<ICheckinDeskGrain>(p.Site);
        var kiosk = Actor.SiteDevice("kiosk", p.Site);
        var madeAt = fixture.Clock.GetUtcNow();

        // The kiosk was offline; it is back at 13:02, after lunch, and sends the scan it queued at 12:58.
        fixture.Clock.Advance(TimeSpan.FromMinutes(4));
        var queued = Accepted(await door.Scan(new Scan(ScanKind.Member, MemberId: queuedDiner.Member, CanteenId: p.Canteen, ScannedAt: madeAt), kiosk));
        var madeNow = Accepted(await door.Scan(new Scan(ScanKind.Member, MemberId: lateDiner.Member, CanteenId: p.Canteen), kiosk));

        Assert.Equal((ScanOutcome.VisitRecorded, Meal.Lunch), (queued.Outcome, queued.Meal));
        Assert.Equal(ScanOutcome.NoMealNow, madeNow.Outcome);
        var visit = Assert.Single(Accepted(await _grains.GetGrain<IMemberVisitsGrain>(queuedDiner.Member).List(Actor.System)));
        Assert.Equal(new MemberVisit(p.Canteen, p.Site, LocalToday(local), Meal.Lunch, madeAt), visit);
        Assert.Equal([queuedDiner.Member], await _grains.GetGrain<ICanteenDayVisitsGrain>(CanteenDayKey.Of(p.Canteen, LocalToday(local))).VisitorsOf(Meal.Lunch));
    }

    [Fact]
    public async Task The_history_is_read_by_the_member_family_and_home_staff_only()
    {
        fixture.AdvanceToLocal(new TimeOnly(11, 15));
        var p = await PlaceAsync();
        var family = await DinerAsync(p.Site);
        var diner = await DinerAsync(p.Site, family: [family.Member]);
        var elsewhere = await SiteAsync(_grains);
        Accepted(await p.Desk.Record(new VisitRequest(CardNumber: diner.Card), p.Staff));
        var history = _grains.GetGrain<IMemberVisitsGrain>(diner.Member);

        foreach (var reader in new[] { Actor.ResidentOf(diner.Member), Actor.ResidentOf(family.Member), Actor.StaffOf("home", p.Site), Actor.Admin("admin") })
            Assert.Single(Accepted(await history.List(reader)));
        foreach (var stranger in new[] { Actor.StaffOf("away", elsewhere), Actor.ResidentOf(NewId("m")), Actor.CanteenDevice("dev", p.Canteen), Actor.SiteDevice("kiosk", p.Site) })
            Refused(await history.List(stranger), ProblemCodes.Forbidden);
        Refused(await _grains.GetGrain<IMemberVisitsGrain>(NewId("m")).List(Actor.StaffOf("home", p.Site)), ProblemCodes.Forbidden);
        Refused(await _grains.GetGrain<IMemberVisitsGrain>(NewId("m")).List(Actor.Admin("admin")), ProblemCodes.NotFound);
    }

    [Fact]
    public async Task Visits_older_than_ninety_days_are_dropped_from_the_history()
    {
        var local = fixture.AdvanceToLocal(new TimeOnly(11, 30));
        var p = await PlaceAsync();
        var diner = await DinerAsync(p.Site);
        var history = _grains.GetGrain<IMemberVisitsGrain>(diner.Member);
        Accepted(await p.Desk.Record(new VisitRequest(CardNumber: diner.Card, Meal: Meal.Lunch, Date: LocalToday(local).AddDays(-5)), p.Staff));
        Accepted(await p.Desk.Record(new VisitRequest(CardNumber: diner.Card), p.Staff));

        fixture.Clock.Advance(TimeSpan.FromDays(VisitRetention.Days - 4));
        Assert.Equal([LocalToday(local)], Accepted(await history.List(Actor.System)).Select(v => v.Date));

        fixture.Clock.Advance(TimeSpan.FromDays(6));
        Assert.Empty(Accepted(await history.List(Actor.System)));
        // The canteen's day forgets its diners too once woken past retention.
        var day = _grains.GetGrain<ICanteenDayVisitsGrain>(CanteenDayKey.Of(p.Canteen, LocalToday(local)));
        Assert.Equal([diner.Member], await day.VisitorsOf(Meal.Lunch));
        await fixture.Cluster.DeactivateAsync(day);
        Assert.Empty(await day.VisitorsOf(Meal.Lunch));

        // A new visit is kept while the old ones are gone from the stored history too.
        fixture.AdvanceToLocal(new TimeOnly(17, 30));
        var now = Accepted(await p.Desk.Record(new VisitRequest(CardNumber: diner.Card), p.Staff));
        Assert.Equal([(now.Date, Meal.Dinner)], Accepted(await history.List(Actor.System)).Select(v => (v.Date, v.Meal)));
    }

    [Fact]
    public async Task The_sites_stats_show_diners_per_meal_beside_the_seats_each_diner_once()
    {
        var local = fixture.AdvanceToLocal(new TimeOnly(11, 40));
        var p = await PlaceAsync();
        var a = await DinerAsync(p.Site);
        var b = await DinerAsync(p.Site);
        Accepted(await p.Desk.Record(new VisitRequest(CardNumber: a.Card), p.Staff));
        Accepted(await p.Desk.Record(new VisitRequest(CardNumber: a.Card), p.Staff));
        Accepted(await p.Desk.Record(new VisitRequest(Phone: a.Phone), p.Staff));
        Accepted(await p.Desk.Record(new VisitRequest(CardNumber: b.Card), p.Staff));
        fixture.AdvanceToLocal(new TimeOnly(17, 5));
        Accepted(await p.Desk.Record(new VisitRequest(CardNumber: a.Card), p.Staff));

        var stats = Accepted(await _grains.GetGrain<ISiteStatsGrain>(p.Site).GetDay(LocalToday(local).ToString("yyyy-MM-dd")));

        var canteen = Assert.Single(stats.Parts, x => x.Id == p.Canteen);
        Assert.Equal([new MealDiners(Meal.Lunch, 2), new MealDiners(Meal.Dinner, 1)], canteen.Diners);
        Assert.Equal(3, stats.DinersCheckedIn);
    }
}
