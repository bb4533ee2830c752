using Occupancy.Grains.Sessions;
using Occupancy.Grains.Sessions.Listing;

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
        var brokenStart = (await broken.Get())!.StartsAt;
        await fixture.Cluster.DeactivateAsync(broken);
        fixture.Faults.FailReads(broken.GetGrainId());
        // The day's listing forgets what it was told: rebuilding, it must ask the broken session, which cannot answer.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        await fixture.Cluster.DeactivateAsync(world.Grains.GetGrain<ISessionDayListingGrain>(
            CalendarEntry.CalendarKey(world.SiteId, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(brokenStart, zone).DateTime))));

        var listing = await world.Grains.GetGrain<ISessionFinderGrain>(0).Find(new SessionQuery(world.SiteId));
        fixture.Faults.ClearReads(broken.GetGrainId());

        Assert.True(listing.Succeeded, listing.Problem?.Detail);
        Assert.Equal([good.GetPrimaryKeyString()], listing.Value!.Select(s => s.Id));
    }
}
