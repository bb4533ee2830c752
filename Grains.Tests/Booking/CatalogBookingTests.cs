using Occupancy.Grains.Catalog;
using Occupancy.Grains.Members;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Tests.Catalog;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Booking;

/// <summary>The demo catalog's members and weekly schedules are loaded with the rest of it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CatalogBookingTests(DemoCatalogFixture fixture) : IClassFixture<DemoCatalogFixture>
{
    private static readonly DemoCatalog Catalog = DemoCatalog.Load();

    [Fact]
    public async Task The_demo_members_and_a_week_of_sessions_of_every_site_are_there()
    {
        foreach (var member in Catalog.Members)
        {
            var loaded = await fixture.Grains.GetGrain<IMemberGrain>(member.Id).ProfileAsync();
            Assert.True(loaded is not null, $"Member '{member.Id}' was not loaded.");
            Assert.Equal((member.Name, member.Phone), (loaded.Name, loaded.Phone));
        }
        foreach (var site in Catalog.Sites.Where(s => s.Schedules.Count > 0))
        {
            Assert.Equal(site.Schedules.Select(s => s.Id), (await fixture.Grains.GetGrain<IScheduleGrain>(site.Id).GetSchedules()).Select(s => s.Id));
            await Eventually.Until(async () =>
                (await fixture.Grains.GetGrain<ISessionFinderGrain>(0).Find(new SessionQuery(site.Id))).Value!.Count >= site.Schedules.Count,
                $"the sessions of site {site.Id} are generated");
        }
    }
}
