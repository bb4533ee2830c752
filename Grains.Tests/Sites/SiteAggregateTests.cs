using Occupancy.Grains.Access;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Live;
using Occupancy.Grains.Sites;
using Occupancy.Grains.Tests.Support;
using static Occupancy.Grains.Tests.Support.TestPlaces;

namespace Occupancy.Grains.Tests.Sites;

[Collection(RulesCollection.Name)]
public sealed class SiteAggregateTests(RulesClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    private Task<SiteSnapshot> SiteShowsAsync(string siteId, Func<SiteSnapshot, bool> accept, string what) =>
        Eventually.Value(async () => (await _grains.GetGrain<ISiteGrain>(siteId).Get())!, accept, what);

    [Fact]
    public async Task A_site_lists_its_facilities_and_canteens_with_totals()
    {
        var siteId = await SiteAsync(_grains);
        var gym = await FacilityAsync(_grains, siteId, capacity: 40);
        var court = await FacilityAsync(_grains, siteId, capacity: 20);
        var canteen = await CanteenAsync(_grains, siteId);

        Accepted(await _grains.GetGrain<IFacilityGrain>(gym.Id).RecordEntries(new HeadcountChange(5), Actor.System));
        Accepted(await _grains.GetGrain<IFacilityGrain>(court.Id).RecordEntries(new HeadcountChange(3), Actor.System));
        Accepted(await _grains.GetGrain<ICanteenGrain>(canteen.Id).SetTable(new TableOccupancy("t01", 2), Actor.System));

        var site = await SiteShowsAsync(siteId, s => s.Totals.Occupied == 10, "the site totals 5 + 3 + 2 occupied");
        Assert.Equal(new[] { gym.Id, court.Id }.Order(StringComparer.Ordinal), site.Facilities.Select(f => f.Id));
        Assert.Equal(canteen.Id, Assert.Single(site.Canteens).Id);
        Assert.Equal(40 + 20 + 10, site.Totals.Capacity);
        Assert.Equal(5, site.Facilities.Single(f => f.Id == gym.Id).Occupied);
        Assert.Equal(2, site.Canteens.Single().OccupiedSeats);
        Assert.Equal("Asia/Shanghai", site.TimeZone);

        var listed = await _grains.GetGrain<ISiteDirectoryGrain>(0).List();
        Assert.Contains(listed, s => s.Id == siteId);
    }

    [Fact]
    public async Task The_site_version_rises_with_every_change_of_a_part_and_never_goes_back()
    {
        var siteId = await SiteAsync(_grains);
        var site = _grains.GetGrain<ISiteGrain>(siteId);
        var gym = _grains.GetGrain<IFacilityGrain>((await FacilityAsync(_grains, siteId)).Id);
        var canteen = _grains.GetGrain<ICanteenGrain>((await CanteenAsync(_grains, siteId)).Id);
        using var dashboard = new RecordingObserver(_grains);
        var seen = new List<long> { ((SiteSnapshot)(await site.Watch(dashboard.Reference))!).Version };

        Func<Task>[] changes =
        [
            async () => Accepted(await gym.RecordEntries(new HeadcountChange(2), Actor.System)),
            async () => Accepted(await canteen.SetTable(new TableOccupancy("t03", 4), Actor.System)),
            async () => Accepted(await gym.RecordExits(new HeadcountChange(1), Actor.System)),
            async () => Accepted(await gym.Recalibrate(new Recalibration(9), Actor.System)),
            async () => Accepted(await canteen.SetTable(new TableOccupancy("t03", 0), Actor.System)),
        ];
        foreach (var change in changes)
        {
            await change();
            var previous = seen[^1];
            var now = await SiteShowsAsync(siteId, s => s.Version > previous, $"the site version rises above {previous}");
            seen.Add(now.Version);
        }

        var topic = Topics.Site(siteId);
        await Eventually.Until(() => dashboard.Pushes<SiteSnapshot>(topic).Any(s => s.Version == seen[^1]), "the dashboard hears the last change");
        var pushed = dashboard.Pushes<SiteSnapshot>(topic).Select(s => s.Version).ToArray();
        Assert.Equal(pushed.Order(), pushed);

        // Deactivating the site (and a part) rebuilds the aggregate from the parts: the version stays where it was.
        await fixture.Cluster.DeactivateAsync(site);
        await fixture.Cluster.DeactivateAsync(gym);
        var rebuilt = (await site.Get())!;
        Assert.Equal(seen[^1], rebuilt.Version);
        Assert.Equal(9, rebuilt.Totals.Occupied);
    }

    [Fact]
    public async Task A_burst_at_a_gate_reaches_the_dashboard_coalesced_and_ends_on_the_final_count()
    {
        const int burst = 50;
        var siteId = await SiteAsync(_grains);
        var gym = _grains.GetGrain<IFacilityGrain>((await FacilityAsync(_grains, siteId, capacity: 100)).Id);
        using var dashboard = new RecordingObserver(_grains);
        var start = ((SiteSnapshot)(await _grains.GetGrain<ISiteGrain>(siteId).Watch(dashboard.Reference))!).Version;

        for (var i = 0; i < burst; i++) Accepted(await gym.RecordEntries(new HeadcountChange(1), Actor.System));

        var topic = Topics.Site(siteId);
        await Eventually.Until(
            () => dashboard.Pushes<SiteSnapshot>(topic).Any(s => s.Totals.Occupied == burst),
            $"a site push shows all {burst} entries");
        var pushes = dashboard.Pushes<SiteSnapshot>(topic).Where(s => s.Version > start).ToArray();
        Assert.True(pushes.Length <= burst / 5, $"{burst} entries made {pushes.Length} site pushes; bursts are coalesced.");
        Assert.Equal(burst, pushes.MaxBy(s => s.Version)!.Totals.Occupied);
    }
}
