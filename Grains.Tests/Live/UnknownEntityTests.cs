using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Sites;
using Occupancy.Grains.Tests.Support;
using static Occupancy.Grains.Tests.Support.TestPlaces;

namespace Occupancy.Grains.Tests.Live;

/// <summary>Reading, watching or writing an id that was never defined answers nothing and creates nothing.</summary>
[Collection(RulesCollection.Name)]
public sealed class UnknownEntityTests(RulesClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    [Fact]
    public async Task An_unknown_facility_is_not_found_and_stays_unknown()
    {
        var gym = _grains.GetGrain<IFacilityGrain>(NewId("nowhere"));
        using var watcher = new RecordingObserver(_grains);

        Assert.Null(await gym.Get());
        Assert.Null(await gym.Watch(watcher.Reference));
        Refused(await gym.RecordEntries(new HeadcountChange(1), Actor.System), ProblemCodes.NotFound);
        Refused(await gym.RecordExits(new HeadcountChange(1), Actor.System), ProblemCodes.NotFound);
        Refused(await gym.Recalibrate(new Recalibration(3), Actor.System), ProblemCodes.NotFound);

        Assert.Null(await gym.Get());
        await fixture.Cluster.DeactivateAsync(gym);
        Assert.Null(await gym.Get());
    }

    [Fact]
    public async Task An_unknown_canteen_is_not_found_and_stays_unknown()
    {
        var canteen = _grains.GetGrain<ICanteenGrain>(NewId("nowhere"));
        using var watcher = new RecordingObserver(_grains);

        Assert.Null(await canteen.Get());
        Assert.Null(await canteen.Watch(watcher.Reference));
        Refused(await canteen.SetTable(new TableOccupancy("t01", 1), Actor.System), ProblemCodes.NotFound);

        await fixture.Cluster.DeactivateAsync(canteen);
        Assert.Null(await canteen.Get());
    }

    [Fact]
    public async Task An_unknown_site_is_not_found_and_is_not_listed()
    {
        var id = NewId("nowhere");
        var site = _grains.GetGrain<ISiteGrain>(id);
        using var watcher = new RecordingObserver(_grains);

        Assert.Null(await site.Get());
        Assert.Null(await site.Watch(watcher.Reference));
        Assert.Null(await site.GetSummary());

        await fixture.Cluster.DeactivateAsync(site);
        Assert.Null(await site.Get());
        Assert.DoesNotContain(await _grains.GetGrain<ISiteDirectoryGrain>(0).List(), s => s.Id == id);
    }

    [Fact]
    public async Task A_facility_or_canteen_of_an_unknown_site_is_refused_and_creates_neither()
    {
        var siteId = NewId("nowhere");
        var gymId = NewId("gym");
        var canteenId = NewId("canteen");

        var gym = await _grains.GetGrain<IFacilityGrain>(gymId).Define(new FacilityDefinition(siteId, FacilityKind.Gym, "百姓健身房", 40), Actor.System);
        Assert.Contains("siteId", Refused(gym, ProblemCodes.InvalidRequest).Errors!.Keys);
        var canteen = await _grains.GetGrain<ICanteenGrain>(canteenId).Define(new CanteenDefinition(siteId, "食堂", LunchAndDinner, TenSeats), Actor.System);
        Refused(canteen, ProblemCodes.InvalidRequest);

        Assert.Null(await _grains.GetGrain<IFacilityGrain>(gymId).Get());
        Assert.Null(await _grains.GetGrain<ICanteenGrain>(canteenId).Get());
        Assert.Null(await _grains.GetGrain<ISiteGrain>(siteId).Get());
    }
}
