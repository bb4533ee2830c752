using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Tests.Support;
using static Occupancy.Grains.Tests.Support.TestPlaces;

namespace Occupancy.Grains.Tests.Facilities;

[Collection(RulesCollection.Name)]
public sealed class ZoneTests(RulesClusterFixture fixture)
{
    private static readonly ZoneDefinition[] MachinesAndFloor =
        [new("machines", "器械区", 25, "Machines"), new("floor", "自由区", 15, "Open floor")];

    private readonly IGrainFactory _grains = fixture.Client;

    private async Task<IFacilityGrain> ZonedGymAsync()
    {
        var gym = await FacilityAsync(_grains, await SiteAsync(_grains), capacity: 40, zones: MachinesAndFloor);
        return _grains.GetGrain<IFacilityGrain>(gym.Id);
    }

    [Fact]
    public async Task A_facility_with_zones_is_as_occupied_as_its_zones_together()
    {
        var gym = await ZonedGymAsync();

        Accepted(await gym.RecordEntries(new HeadcountChange(9, "machines"), Actor.System));
        var both = Accepted(await gym.RecordEntries(new HeadcountChange(3, "floor"), Actor.System));
        Assert.Equal(12, both.Occupied);
        Assert.Equal(28, both.Available);
        var machines = Assert.Single(both.Zones, z => z.Id == "machines");
        Assert.Equal((25, 9, 16), (machines.Capacity, machines.Occupied, machines.Available));
        var floor = Assert.Single(both.Zones, z => z.Id == "floor");
        Assert.Equal((15, 3, 12), (floor.Capacity, floor.Occupied, floor.Available));

        // A zone never goes below zero, and the facility follows its zones.
        var floorEmptied = Accepted(await gym.RecordExits(new HeadcountChange(5, "floor"), Actor.System));
        Assert.Equal(0, floorEmptied.Zones.Single(z => z.Id == "floor").Occupied);
        Assert.Equal(9, floorEmptied.Occupied);

        var recalibrated = Accepted(await gym.Recalibrate(new Recalibration(20, "machines"), Actor.System));
        Assert.Equal(20, recalibrated.Occupied);
        Assert.Equal(20, recalibrated.Zones.Sum(z => z.Occupied));
    }

    [Fact]
    public async Task Every_write_to_a_facility_with_zones_names_one_of_its_zones()
    {
        var gym = await ZonedGymAsync();
        var before = Accepted(await gym.RecordEntries(new HeadcountChange(4, "machines"), Actor.System));

        Assert.Contains("zoneId", Refused(await gym.RecordEntries(new HeadcountChange(1), Actor.System), ProblemCodes.InvalidRequest).Errors!.Keys);
        Refused(await gym.RecordExits(new HeadcountChange(1), Actor.System), ProblemCodes.InvalidRequest);
        Refused(await gym.Recalibrate(new Recalibration(3), Actor.System), ProblemCodes.InvalidRequest);
        Refused(await gym.RecordEntries(new HeadcountChange(1, "sauna"), Actor.System), ProblemCodes.InvalidRequest);

        var after = (await gym.Get())!;
        Assert.Equal(4, after.Occupied);
        Assert.Equal(before.Version, after.Version);
    }

    [Fact]
    public async Task No_write_to_a_facility_without_zones_may_name_a_zone()
    {
        var gym = _grains.GetGrain<IFacilityGrain>((await FacilityAsync(_grains, await SiteAsync(_grains))).Id);
        var before = Accepted(await gym.RecordEntries(new HeadcountChange(2), Actor.System));

        Assert.Contains("zoneId", Refused(await gym.RecordEntries(new HeadcountChange(1, "machines"), Actor.System), ProblemCodes.InvalidRequest).Errors!.Keys);
        Refused(await gym.RecordExits(new HeadcountChange(1, "machines"), Actor.System), ProblemCodes.InvalidRequest);
        Refused(await gym.Recalibrate(new Recalibration(0, "machines"), Actor.System), ProblemCodes.InvalidRequest);

        var after = (await gym.Get())!;
        Assert.Equal(2, after.Occupied);
        Assert.Equal(before.Version, after.Version);
    }

    [Fact]
    public async Task Redefining_the_zones_keeps_the_counts_of_the_zones_that_stay()
    {
        var gym = await ZonedGymAsync();
        var site = (await gym.Get())!.SiteId;
        Accepted(await gym.RecordEntries(new HeadcountChange(6, "machines"), Actor.System));
        var before = Accepted(await gym.RecordEntries(new HeadcountChange(2, "floor"), Actor.System));

        var redefined = Accepted(await gym.Define(new FacilityDefinition(site, FacilityKind.Gym, "百姓健身房", 30,
            Zones: [new ZoneDefinition("machines", "器械区", 30)]), Actor.System));
        Assert.False(redefined.Created);
        Assert.Equal(6, redefined.Snapshot.Occupied);
        Assert.Equal("machines", Assert.Single(redefined.Snapshot.Zones).Id);
        Assert.True(redefined.Snapshot.Version > before.Version);
    }
}
