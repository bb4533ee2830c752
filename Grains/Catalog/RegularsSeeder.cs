using Occupancy.Grains.Canteens;
using Occupancy.Grains.Canteens.Visits;
using Occupancy.Grains.Sites;
using Occupancy.Grains.Stats;

namespace Occupancy.Grains.Catalog;

/// <summary>
/// Seeds the demo regulars' weeks of visits, relative to the seeding day at the canteen's site. A regular is seeded
/// only while their visit history is empty: once, never on top of real visits. The canteen's days are written first
/// and the history last, so a load cut short is completed by the next (recording a visit twice counts it once).
/// </summary>
internal sealed class RegularsSeeder(IGrainFactory grains, DomainClock clock)
{
    public async Task<int> SeedAsync(IReadOnlyList<CatalogRegular> regulars, CancellationToken cancellationToken)
    {
        var seeded = 0;
        foreach (var regular in regulars)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var history = grains.GetGrain<IMemberVisitsGrain>(regular.MemberId);
            if (!await history.IsEmpty()) continue;
            var canteen = await grains.GetGrain<ICanteenGrain>(regular.CanteenId).Get()
                ?? throw new InvalidDataException($"The regular '{regular.MemberId}' eats at canteen '{regular.CanteenId}', which the catalog does not define.");
            var site = await grains.GetGrain<ISiteGrain>(canteen.SiteId).GetSummary();
            var today = LocalDates.DateOf(clock.UtcNow, site?.TimeZone);
            var visits = DemoRegulars.Visits(regular, canteen.SiteId, canteen.MealHours, LocalDates.Zone(site?.TimeZone), today);
            foreach (var day in visits.GroupBy(v => v.Date))
            {
                await grains.GetGrain<ICanteenDayVisitsGrain>(CanteenDayKey.Of(regular.CanteenId, day.Key))
                    .RecordAll(day.Select(v => new DinerVisit(regular.MemberId, v.Meal, v.At)).ToArray());
            }
            await history.AddAll(visits);
            seeded++;
        }
        return seeded;
    }
}
