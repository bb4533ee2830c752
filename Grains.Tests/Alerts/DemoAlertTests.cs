using Microsoft.Extensions.Logging.Abstractions;
using Occupancy.Grains.Access;
using Occupancy.Grains.Alerts;
using Occupancy.Grains.Catalog;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Alerts;

/// <summary>The demo catalog as a fresh start seeds it: the next meal's end brings alerts for the regulars who did not come.</summary>
[Collection(AlertsCollection.Name)]
public sealed class DemoAlertTests(AlertsClusterFixture fixture)
{
    [Fact]
    public async Task A_fresh_demo_alerts_binjiang_staff_at_the_next_lunch_end_about_the_two_regulars_who_did_not_come()
    {
        fixture.AdvanceToLocal(new TimeOnly(9, 0));
        await new CatalogSeeder(fixture.Client, NullLogger<CatalogSeeder>.Instance, new DomainClock(fixture.Clock)).SeedAsync(CancellationToken.None);
        var alerts = fixture.Client.GetGrain<ISiteAlertsGrain>("binjiang");

        // Lunch at 滨江社区食堂 ends 13:00; with the default grace of 30 minutes the check falls due at 13:30.
        fixture.AdvanceToLocal(new TimeOnly(13, 29));
        Assert.Empty(await alerts.CheckDue());
        fixture.AdvanceToLocal(new TimeOnly(13, 30));
        var raised = await alerts.CheckDue();

        // 孙桂兰 (m-1025) and 周德明 (m-1027) did not come; 杨根有 (m-1024) came, and the others never consented.
        Assert.Equal(["m-1025", "m-1027"], raised.Select(a => a.MemberId).Order(StringComparer.Ordinal));
        Assert.All(raised, a => Assert.Equal(("binjiang-canteen", ExpectedBecause.Regular), (a.CanteenId, a.ExpectedBecause)));
        Assert.Equal(2, (await alerts.List(Actor.StaffOf("binjiang.desk", "binjiang"))).Value!.Count(a => a.IsOpen));
    }
}
