using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Live;
using Occupancy.Grains.Sites;
using Occupancy.Grains.Tests.Support;
using static Occupancy.Grains.Tests.Support.TestPlaces;

namespace Occupancy.Grains.Tests.Facilities;

/// <summary>Opening hours in Asia/Shanghai, driven by the domain clock alone.</summary>
[Collection(RulesCollection.Name)]
public sealed class OpeningHoursTests(RulesClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    [Fact]
    public async Task A_gym_open_from_ten_to_nine_is_closed_before_ten_open_at_ten_and_closed_at_nine()
    {
        fixture.AdvanceToLocal(new TimeOnly(9, 59));
        var defined = await FacilityAsync(_grains, await SiteAsync(_grains), capacity: 40, openingHours: TenToNine);
        var gym = _grains.GetGrain<IFacilityGrain>(defined.Id);
        Assert.False(defined.Open);
        Assert.Equal(Level.Closed, defined.Level);

        fixture.AdvanceToLocal(new TimeOnly(10, 0));
        var opened = (await gym.Get())!;
        Assert.True(opened.Open);
        Assert.Equal(Level.Quiet, opened.Level);
        Assert.True(opened.Version > defined.Version, "Opening is a change: the version rises.");
        Assert.Equal(fixture.Clock.GetUtcNow(), opened.UpdatedAt);

        fixture.AdvanceToLocal(new TimeOnly(20, 59));
        var lateEvening = (await gym.Get())!;
        Assert.True(lateEvening.Open);
        Assert.Equal(opened.Version, lateEvening.Version);

        fixture.AdvanceToLocal(new TimeOnly(21, 0));
        var closed = (await gym.Get())!;
        Assert.False(closed.Open);
        Assert.Equal(Level.Closed, closed.Level);
        Assert.True(closed.Version > opened.Version, "Closing is a change: the version rises.");
    }

    [Fact]
    public async Task A_site_moved_to_another_time_zone_reads_its_hours_there()
    {
        fixture.AdvanceToLocal(new TimeOnly(11, 0));
        var site = await SiteAsync(_grains);
        var defined = await FacilityAsync(_grains, site, capacity: 40, openingHours: TenToNine);
        Assert.True(defined.Open);

        // 11:00 in Shanghai is 22:00 the evening before in New York: after hours.
        Accepted(await _grains.GetGrain<ISiteGrain>(site).Define(new SiteDefinition("测试站点", "America/New_York"), Actor.System));

        var moved = await Eventually.Value(() => _grains.GetGrain<IFacilityGrain>(defined.Id).Get(), f => f is { Open: false },
            "the gym to read its hours in New York time");
        Assert.True(moved!.Version > defined.Version);
    }

    [Fact]
    public async Task Opening_is_pushed_to_watchers()
    {
        fixture.AdvanceToLocal(new TimeOnly(9, 30));
        var defined = await FacilityAsync(_grains, await SiteAsync(_grains), capacity: 40, openingHours: TenToNine);
        var gym = _grains.GetGrain<IFacilityGrain>(defined.Id);
        using var watcher = new RecordingObserver(_grains);
        var watched = (FacilitySnapshot)(await gym.Watch(watcher.Reference))!;
        Assert.False(watched.Open);

        fixture.AdvanceToLocal(new TimeOnly(10, 0));
        var opened = (await gym.Get())!;
        Assert.True(opened.Open);
        Assert.True(opened.Version > watched.Version);

        await Eventually.Until(
            () => watcher.Pushes<FacilitySnapshot>(Topics.Facility(defined.Id)).Any(p => p.Open && p.Version > watched.Version),
            "the watcher hears that the gym opened");
    }

    [Fact]
    public async Task A_new_facility_and_canteen_open_on_time_without_anyone_asking_them()
    {
        // Half a second before the boundary on the domain clock; the grains' boundary timers run on real time.
        fixture.AdvanceToLocal(new TimeOnly(10, 59));
        fixture.Clock.Advance(TimeSpan.FromSeconds(59.5));
        var siteId = await SiteAsync(_grains);
        var site = _grains.GetGrain<ISiteGrain>(siteId);
        using var dashboard = new RecordingObserver(_grains);
        await site.Watch(dashboard.Reference);

        var elevenToNine = DailyHours.Days.ToDictionary(day => day, _ => new[] { new[] { "11:00", "21:00" } });
        var gym = await FacilityAsync(_grains, siteId, openingHours: elevenToNine);
        var canteen = await CanteenAsync(_grains, siteId);
        Assert.False(gym.Open);
        Assert.False(canteen.Open);

        fixture.Clock.Advance(TimeSpan.FromSeconds(1));

        // Only the site is watched; nobody reads the gym or the canteen, yet both open and the dashboard hears it.
        await Eventually.Until(
            () => dashboard.Pushes<SiteSnapshot>(Topics.Site(siteId)).Any(s =>
                s.Facilities.Any(f => f.Id == gym.Id && f.Open) && s.Canteens.Any(c => c.Id == canteen.Id && c.Open)),
            "the site dashboard shows the gym and the canteen open at 11:00");
    }
}
