using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Occupancy.Grains.Access;
using Occupancy.Grains.Alerts;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Canteens.Visits;
using Occupancy.Grains.Members;
using Occupancy.Grains.Tests.Support;
using static Occupancy.Grains.Tests.Support.TestPlaces;

namespace Occupancy.Grains.Tests.Alerts;

/// <summary>Absence checks through the real Azure Table provider on Azurite, across full cluster restarts.</summary>
[Collection(DurabilityCollection.Name)]
public sealed class AlertDurabilityTests(AzuriteStoreFixture store)
{
    private static readonly TimeZoneInfo Ningbo = TimeZoneInfo.FindSystemTimeZoneById(TestPlaces.TimeZone);

    /// <summary>Wednesday 2 December 2026, 10:00 in Ningbo.</summary>
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 2, 0, 0, TimeSpan.Zero));

    private Task<Orleans.TestingHost.InProcessTestCluster> StartAsync(string serviceId) =>
        StoreCluster.StartAsync(store.ConnectionString, serviceId, silo =>
        {
            silo.Services.AddSingleton(new DomainClock(_clock));
            // The test runs the checks itself; the site's reminder (durable in the store) must not beat it to them.
            silo.Services.Configure<AbsenceAlertOptions>(o => o.CheckPeriod = TimeSpan.FromHours(1));
        });

    [Fact]
    public async Task A_check_due_while_the_cluster_was_down_runs_after_the_restart_and_raises_its_alert_once()
    {
        var serviceId = NewId("svc");
        var day = new DateOnly(2026, 12, 2);
        string site, senior;
        await using (var first = await StartAsync(serviceId))
        {
            var grains = first.Client;
            site = await SiteAsync(grains);
            var canteen = NewId("canteen");
            Accepted(await grains.GetGrain<ICanteenGrain>(canteen).Define(
                new CanteenDefinition(site, "滨江社区食堂", [new(Meal.Lunch, "11:00", "13:00")], TenSeats), Actor.System));
            senior = NewId("senior");
            Accepted(await grains.GetGrain<IMemberGrain>(senior).Define(new MemberProfile("周德明", "13800000010", site, AgeGroup.Senior, true), Actor.System));
            foreach (var past in ExpectedDiners.PastSameWeekdays(day, 3))
            {
                await grains.GetGrain<ICanteenDayVisitsGrain>(CanteenDayKey.Of(canteen, past))
                    .RecordAll([new DinerVisit(senior, Meal.Lunch, new DateTimeOffset(past.ToDateTime(new TimeOnly(11, 30)), TimeSpan.FromHours(8)))]);
            }
            Accepted(await grains.GetGrain<IAbsenceWatchGrain>(senior).OptIn(new AbsenceWatchRequest(), Actor.ResidentOf(senior)));
        }

        // Down over the meal's end (13:00) and its grace (13:30).
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 5, 50, 0, TimeSpan.Zero));
        string raisedId;
        await using (var second = await StartAsync(serviceId))
        {
            var alerts = second.Client.GetGrain<ISiteAlertsGrain>(site);
            var raised = Assert.Single(await alerts.CheckDue());
            Assert.Equal(senior, raised.MemberId);
            raisedId = raised.Id;
            Assert.Empty(await alerts.CheckDue());
        }

        await using var third = await StartAsync(serviceId);
        var again = third.Client.GetGrain<ISiteAlertsGrain>(site);
        Assert.Empty(await again.CheckDue());
        var kept = Assert.Single(Accepted(await again.List(Actor.StaffOf("desk", site))));
        Assert.Equal((raisedId, AlertStatus.Open), (kept.Id, kept.Status));
        Assert.Equal([raisedId], Accepted(await third.Client.GetGrain<IAbsenceWatchGrain>(senior).ListAlerts(Actor.ResidentOf(senior))).Select(a => a.Id));
    }
}
