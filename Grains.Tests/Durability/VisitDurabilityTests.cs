using Occupancy.Grains;
using Occupancy.Grains.Access;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Canteens.Visits;
using Occupancy.Grains.Cards;
using Occupancy.Grains.Members;
using Occupancy.Grains.Tests.Support;
using static Occupancy.Grains.Tests.Support.TestPlaces;

namespace Occupancy.Grains.Tests.Durability;

/// <summary>Acknowledged visits are in the store: a restarted cluster still counts them, and still counts them once.</summary>
[Collection(DurabilityCollection.Name)]
public sealed class VisitDurabilityTests(AzuriteStoreFixture store)
{
    /// <summary>Lunch all day, so the real clock is always within a meal.</summary>
    private static readonly MealHours[] AllDay = [new(Meal.Lunch, "00:00", "24:00")];

    [Fact]
    public async Task An_acknowledged_visit_survives_a_full_cluster_restart_and_is_not_counted_again()
    {
        var serviceId = NewId("svc");
        string siteId, canteenId, memberId, card;
        CanteenVisit first;

        await using (var before = await StoreCluster.StartAsync(store.ConnectionString, serviceId))
        {
            var grains = before.Client;
            siteId = await SiteAsync(grains);
            canteenId = (await CanteenAsync(grains, siteId, AllDay)).Id;
            memberId = NewId("m");
            Accepted(await grains.GetGrain<IMemberGrain>(memberId).Define(new MemberProfile("张阿姨", "13912345678", siteId, AgeGroup.Senior, true), Actor.System));
            card = Accepted(await grains.GetGrain<IMemberCardGrain>(memberId).SetPin(Actor.System, "2468")).CardNumber;

            first = Accepted(await grains.GetGrain<ICanteenVisitDeskGrain>(canteenId).Record(new VisitRequest(CardNumber: card), Actor.StaffOf("desk", siteId)));
            Assert.False(first.AlreadyCounted);
        }

        await using var after = await StoreCluster.StartAsync(store.ConnectionString, serviceId);
        var again = after.Client;
        var day = again.GetGrain<ICanteenDayVisitsGrain>(CanteenDayKey.Of(canteenId, first.Date));
        Assert.Equal([memberId], await day.VisitorsOf(Meal.Lunch));
        var history = Accepted(await again.GetGrain<IMemberVisitsGrain>(memberId).List(Actor.ResidentOf(memberId)));
        Assert.Equal(new MemberVisit(canteenId, siteId, first.Date, Meal.Lunch, first.At), Assert.Single(history));

        // The same meal named explicitly, so a local midnight between the two visits cannot make it another day's.
        var repeat = Accepted(await again.GetGrain<ICanteenVisitDeskGrain>(canteenId)
            .Record(new VisitRequest(CardNumber: card, Meal: Meal.Lunch, Date: first.Date), Actor.StaffOf("desk", siteId)));
        Assert.Equal((true, 1, first.At), (repeat.AlreadyCounted, repeat.Diners, repeat.At));
    }
}
