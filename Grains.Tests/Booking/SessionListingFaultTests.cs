using Occupancy.Grains.Sessions;

namespace Occupancy.Grains.Tests.Booking;

/// <summary>One session the store cannot give back never takes its site's listing down with it.</summary>
[Collection(BookingCollection.Name)]
public sealed class SessionListingFaultTests(BookingClusterFixture fixture)
{
    [Fact]
    public async Task A_sites_listing_survives_one_session_that_cannot_be_read()
    {
        var world = await BookingWorld.CreateAsync(fixture);
        var good = await world.SessionAsync("good");
        var broken = await world.SessionAsync("broken");
        await fixture.Cluster.DeactivateAsync(broken);
        fixture.Faults.FailReads(broken.GetGrainId());

        var listing = await world.Grains.GetGrain<ISessionFinderGrain>(0).Find(new SessionQuery(world.SiteId));
        fixture.Faults.ClearReads(broken.GetGrainId());

        Assert.True(listing.Succeeded, listing.Problem?.Detail);
        Assert.Equal([good.GetPrimaryKeyString()], listing.Value!.Select(s => s.Id));
    }
}
