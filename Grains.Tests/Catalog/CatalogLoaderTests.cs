using Occupancy.Grains.Catalog;
using Occupancy.Grains.Catalog.Generated;
using Occupancy.Grains.Members;
using Occupancy.Grains.Tests.Booking;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Catalog;

/// <summary>
/// Loading a city of members goes on when the store stumbles: a member whose state cannot be read for a moment (the
/// grain does not activate) is loaded again, not left out, and the load does not end there.
/// </summary>
[Collection(BookingCollection.Name)]
public sealed class CatalogLoaderTests(BookingClusterFixture fixture)
{
    [Fact]
    public async Task A_member_whose_state_read_fails_is_loaded_on_a_retry()
    {
        var generated = new CityCatalog(new CitySize(Sites: 1, SessionsPerSite: 1, Members: 1, Seed: 11)).Member(0);
        var member = generated with { Id = $"m-loader-{Guid.NewGuid():N}"[..20] };
        var grain = fixture.Client.GetGrain<IMemberGrain>(member.Id).GetGrainId();
        fixture.Faults.FailReads(grain);
        var loader = new CatalogLoader(fixture.Client);

        var loading = loader.LoadMembersAsync([member]);
        await Eventually.Until(() => fixture.Faults.ReadsOf(grain) >= 1, "the loader tried to activate the member");
        fixture.Faults.ClearReads(grain);

        Assert.Equal(1, await loading);
        Assert.True(loader.Retries >= 1, "the member was loaded again after the failed read");
        Assert.False(await fixture.Client.GetGrain<IMemberGrain>(member.Id).DefineIfAbsent(MemberProfile.FromCatalog(member)), "the member is stored");
    }
}
