using Microsoft.Extensions.Configuration;
using Occupancy.Grains.Access;
using Occupancy.Grains.Accounts;
using Occupancy.Grains.Cards;
using Occupancy.Grains.Tests.Support;
using Occupancy.Silo.Catalog;
using Orleans.Hosting;

namespace Occupancy.Grains.Tests.Catalog;

/// <summary>The demo passwords and PINs are public: a system started without the demo catalog must not have them.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WithoutDemoCatalogTests(WithoutDemoCatalogTests.NoDemoCatalogFixture fixture) : IClassFixture<WithoutDemoCatalogTests.NoDemoCatalogFixture>
{
    [Fact]
    public async Task No_demo_account_or_card_exists_and_their_documented_secrets_sign_in_nobody()
    {
        var admin = await fixture.Grains.GetGrain<IStaffAccountGrain>("admin").SignIn("demo-admin-2026");
        var card = await fixture.Grains.ResidentCard("10241024").SignIn("2468");

        Assert.Equal(SignInVerdict.Refused, admin.Verdict);
        Assert.Equal(SignInVerdict.Refused, card.Verdict);
        Assert.Empty(await fixture.Grains.GetGrain<IStaffDirectoryGrain>(0).List());
    }

    public sealed class NoDemoCatalogFixture : ClusterFixture
    {
        protected override void ConfigureSilo(ISiloBuilder silo) =>
            silo.AddDemoCatalog(new ConfigurationBuilder().AddInMemoryCollection([new("Catalog:SeedDemo", "false")]).Build());
    }
}
