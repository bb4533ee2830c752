using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Tests.Support;
using static Occupancy.Grains.Tests.Support.TestPlaces;

namespace Occupancy.Grains.Tests.Facilities;

[Collection(RulesCollection.Name)]
public sealed class LevelTests(RulesClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    // quiet < 0.6 <= busy < 0.9 <= nearlyFull < 1 <= full, on a capacity of 10.
    [Theory]
    [InlineData(0, Level.Quiet)]
    [InlineData(5, Level.Quiet)]
    [InlineData(6, Level.Busy)]
    [InlineData(8, Level.Busy)]
    [InlineData(9, Level.NearlyFull)]
    [InlineData(10, Level.Full)]
    [InlineData(13, Level.Full)]
    public async Task Default_thresholds_split_at_60_and_90_percent(int occupied, Level expected)
    {
        var gym = await FacilityAsync(_grains, await SiteAsync(_grains), capacity: 10);
        var snapshot = Accepted(await _grains.GetGrain<IFacilityGrain>(gym.Id).Recalibrate(new Recalibration(occupied), Actor.System));
        Assert.Equal(expected, snapshot.Level);
        Assert.Equal((0.6, 0.9), (snapshot.QuietBelow, snapshot.NearlyFullFrom));
    }

    // A facility with its own thresholds: quiet below 30 %, nearly full from 50 %.
    [Theory]
    [InlineData(2, Level.Quiet)]
    [InlineData(3, Level.Busy)]
    [InlineData(4, Level.Busy)]
    [InlineData(5, Level.NearlyFull)]
    [InlineData(9, Level.NearlyFull)]
    [InlineData(10, Level.Full)]
    public async Task A_facility_may_set_its_own_thresholds(int occupied, Level expected)
    {
        var gym = await FacilityAsync(_grains, await SiteAsync(_grains), capacity: 10, quietBelow: 0.3, nearlyFullFrom: 0.5);
        var snapshot = Accepted(await _grains.GetGrain<IFacilityGrain>(gym.Id).Recalibrate(new Recalibration(occupied), Actor.System));
        Assert.Equal(expected, snapshot.Level);
        Assert.Equal((0.3, 0.5), (snapshot.QuietBelow, snapshot.NearlyFullFrom));
    }

    [Fact]
    public async Task Thresholds_out_of_order_are_refused()
    {
        var site = await SiteAsync(_grains);
        var id = NewId("gym");
        var outcome = await _grains.GetGrain<IFacilityGrain>(id).Define(
            new FacilityDefinition(site, FacilityKind.Gym, "百姓健身房", 10, QuietBelow: 0.9, NearlyFullFrom: 0.5), Actor.System);
        Refused(outcome, ProblemCodes.InvalidRequest);
        Assert.Null(await _grains.GetGrain<IFacilityGrain>(id).Get());
    }
}
