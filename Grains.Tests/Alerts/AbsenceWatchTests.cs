using Occupancy.Grains.Access;
using Occupancy.Grains.Alerts;
using Occupancy.Grains.Members;
using Occupancy.Grains.Tests.Support;
using static Occupancy.Grains.Tests.Support.TestPlaces;

namespace Occupancy.Grains.Tests.Alerts;

/// <summary>Consent to absence alerts: who may give, pause and withdraw it, and that who and when are recorded.</summary>
[Collection(RulesCollection.Name)]
public sealed class AbsenceWatchTests(RulesClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    private async Task<(string Senior, string Daughter, string Site)> SeniorAsync()
    {
        var site = await SiteAsync(_grains);
        var (senior, daughter) = (NewId("senior"), NewId("daughter"));
        Accepted(await _grains.GetGrain<IMemberGrain>(daughter).Define(new MemberProfile("王丽", HomeSiteId: site), Actor.System));
        Accepted(await _grains.GetGrain<IMemberGrain>(senior).Define(
            new MemberProfile("王建国", "13800000001", site, AgeGroup.Senior, true, Family: [daughter]), Actor.System));
        return (senior, daughter, site);
    }

    [Fact]
    public async Task The_senior_opts_in_and_who_and_when_are_recorded()
    {
        var (senior, _, _) = await SeniorAsync();
        var watch = _grains.GetGrain<IAbsenceWatchGrain>(senior);
        Assert.False(Accepted(await watch.Get(Actor.ResidentOf(senior))).Watching);

        var view = Accepted(await watch.OptIn(new AbsenceWatchRequest(), Actor.ResidentOf(senior)));

        Assert.True(view.Watching);
        Assert.Equal(new Consent(senior, ConsentGiver.Self, fixture.Clock.GetUtcNow()), view.Consent);
        Assert.True((await watch.Current()).WatchedOn(LocalToday()));
    }

    [Fact]
    public async Task Family_on_the_seniors_behalf_and_staff_of_the_home_site_with_a_note_may_opt_in()
    {
        var (senior, daughter, site) = await SeniorAsync();
        var byFamily = Accepted(await _grains.GetGrain<IAbsenceWatchGrain>(senior).OptIn(new AbsenceWatchRequest(), Actor.ResidentOf(daughter)));
        Assert.Equal(ConsentGiver.Family, byFamily.Consent!.GivenAs);
        Assert.Equal(daughter, byFamily.Consent.By);

        var (other, _, otherSite) = await SeniorAsync();
        var byStaff = Accepted(await _grains.GetGrain<IAbsenceWatchGrain>(other).OptIn(
            new AbsenceWatchRequest(Note: "signed the consent form at the desk"), Actor.StaffOf("desk-li", otherSite)));
        Assert.Equal(new Consent("desk-li", ConsentGiver.Staff, fixture.Clock.GetUtcNow(), "signed the consent form at the desk"), byStaff.Consent);
        Assert.NotEqual(site, otherSite);
    }

    [Fact]
    public async Task Nobody_else_reads_or_changes_the_consent()
    {
        var (senior, _, site) = await SeniorAsync();
        var watch = _grains.GetGrain<IAbsenceWatchGrain>(senior);
        var otherSite = await SiteAsync(_grains);
        Actor[] outsiders = [Actor.StaffOf("elsewhere", otherSite), Actor.ResidentOf(NewId("neighbour")), Actor.Anonymous("10.0.0.9"), Actor.SiteDevice("kiosk", site)];

        foreach (var outsider in outsiders)
        {
            Refused(await watch.Get(outsider), ProblemCodes.Forbidden);
            Refused(await watch.OptIn(new AbsenceWatchRequest(), outsider), ProblemCodes.Forbidden);
            Refused(await watch.Withdraw(outsider), ProblemCodes.Forbidden);
            Refused(await watch.ListAlerts(outsider), ProblemCodes.Forbidden);
        }
        Assert.False((await watch.Current()).Watching);
        // An unknown member: staff hear 403 as for any member out of scope; only an administrator learns it is missing.
        Refused(await _grains.GetGrain<IAbsenceWatchGrain>(NewId("nobody")).OptIn(new AbsenceWatchRequest(), Actor.StaffOf("desk", site)), ProblemCodes.Forbidden);
        Refused(await _grains.GetGrain<IAbsenceWatchGrain>(NewId("nobody")).Get(Actor.Admin("root")), ProblemCodes.NotFound);
    }

    [Fact]
    public async Task A_pause_holds_through_its_last_day_and_withdrawing_stops_the_watch()
    {
        var (senior, daughter, _) = await SeniorAsync();
        var watch = _grains.GetGrain<IAbsenceWatchGrain>(senior);
        var today = LocalToday();
        Accepted(await watch.OptIn(new AbsenceWatchRequest(), Actor.ResidentOf(senior)));
        var consent = (await watch.Current()).Consent;

        var paused = Accepted(await watch.OptIn(new AbsenceWatchRequest(AwayUntil: today.AddDays(2)), Actor.ResidentOf(daughter)));
        Assert.Equal(consent, paused.Consent);
        Assert.False(paused.WatchedOn(today));
        Assert.False(paused.WatchedOn(today.AddDays(2)));
        Assert.True(paused.WatchedOn(today.AddDays(3)));

        var withdrawn = Accepted(await watch.Withdraw(Actor.ResidentOf(senior)));
        Assert.False(withdrawn.Watching);
        Assert.Equal(senior, withdrawn.WithdrawnBy);
        Assert.False(withdrawn.WatchedOn(today.AddDays(3)));
        Assert.Equal(withdrawn, Accepted(await watch.Withdraw(Actor.ResidentOf(senior))));
        Assert.Equal(withdrawn, await watch.Current());
    }

    [Fact]
    public async Task A_bad_request_changes_nothing()
    {
        var (senior, _, _) = await SeniorAsync();
        var watch = _grains.GetGrain<IAbsenceWatchGrain>(senior);
        Refused(await watch.OptIn(new AbsenceWatchRequest(Note: new string('x', 201)), Actor.ResidentOf(senior)), ProblemCodes.InvalidRequest);
        Assert.False((await watch.Current()).Watching);
    }

    private DateOnly LocalToday() =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(fixture.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(TestPlaces.TimeZone)).DateTime);
}
