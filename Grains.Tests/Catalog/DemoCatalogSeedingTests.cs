using Microsoft.Extensions.Logging.Abstractions;
using Occupancy.Grains.Access;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Catalog;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Sites;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Catalog;

[Collection(ClusterCollection.Name)]
public sealed class DemoCatalogSeedingTests(DemoCatalogFixture fixture) : IClassFixture<DemoCatalogFixture>
{
    private static readonly DemoCatalog Catalog = DemoCatalog.Load();

    [Fact]
    public async Task TheSiloStartsWithEverySiteFacilityAndCanteenOfTheCatalog()
    {
        foreach (var site in Catalog.Sites)
        {
            var snapshot = await fixture.Grains.GetGrain<ISiteGrain>(site.Id).Get();
            Assert.True(snapshot is not null, $"Site '{site.Id}' was not loaded.");
            Assert.Equal(site.Name, snapshot.Name);
            foreach (var facility in site.Facilities)
            {
                var loaded = await fixture.Grains.GetGrain<IFacilityGrain>(facility.Id).Get();
                Assert.True(loaded is not null, $"Facility '{facility.Id}' was not loaded.");
                Assert.Equal((site.Id, facility.Name), (loaded.SiteId, loaded.Name));
            }
            foreach (var canteen in site.Canteens)
            {
                var loaded = await fixture.Grains.GetGrain<ICanteenGrain>(canteen.Id).Get();
                Assert.True(loaded is not null, $"Canteen '{canteen.Id}' was not loaded.");
                Assert.Equal((site.Id, canteen.Tables.Sum(t => t.Seats)), (loaded.SiteId, loaded.Seats));
            }
        }
    }

    [Fact]
    public async Task LoadingTheCatalogAgainCreatesNothing()
    {
        var counts = await Seeder().SeedAsync(CancellationToken.None);

        Assert.Equal(new CatalogSeedCounts(0, 0, 0), counts);
    }

    [Fact]
    public async Task LoadingTheCatalogAgainKeepsWhatAnAdministratorChanged()
    {
        var site = Catalog.Sites.Single(s => s.Id == "fuming");
        var gym = fixture.Grains.GetGrain<IFacilityGrain>("fuming-gym");
        var enlarged = site.Facilities.Single(f => f.Id == "fuming-gym").ToDefinition(site.Id) with
        {
            Capacity = 70,
            Zones = [new ZoneDefinition("machines", "器械区", 40, "Machines"), new ZoneDefinition("studio", "操课室", 30, "Class Studio")],
        };
        var changed = await gym.Define(enlarged, Actor.System);
        Assert.True(changed.Succeeded, changed.Problem?.Detail);

        await Seeder().SeedAsync(CancellationToken.None);

        var after = await gym.Get();
        Assert.Equal(70, after!.Capacity);
        Assert.Equal(["machines", "studio"], after.Zones.Select(z => z.Id));
    }

    private CatalogSeeder Seeder() => new(fixture.Grains, NullLogger<CatalogSeeder>.Instance);
}
