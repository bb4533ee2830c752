using Occupancy.Grains.Stats;

namespace Occupancy.Grains.Catalog;

/// <summary>
/// Seeds the demo's eight weeks of hourly history (<see cref="DemoHistory"/>) for every site, relative to the day of the
/// site's first start. Each day is written marked as generated and only if it holds no history yet, so real history is
/// never overwritten; a load cut short is completed by the next start, and a finished one is never repeated.
/// </summary>
internal sealed class HistorySeeder(IGrainFactory grains, DomainClock clock)
{
    public async Task<int> SeedAsync(IReadOnlyList<CatalogSite> sites, CancellationToken cancellationToken)
    {
        var seeded = 0;
        foreach (var site in sites)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var progress = grains.GetGrain<IDemoHistoryGrain>(site.Id);
            if (await progress.Begin(LocalDates.DateOf(clock.UtcNow, site.TimeZone)) is not { } anchor) continue;
            var places = site.Facilities.Select(HistoryPlace.Of).Concat(site.Canteens.Select(HistoryPlace.Of)).ToArray();
            for (var ago = 1; ago <= DemoHistory.Days; ago++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var date = anchor.AddDays(-ago);
                var parts = places.Select(p => new PartHours(p.Id, p.Kind, DemoHistory.Day(p, date, anchor, DemoHistory.DemoSeed))).ToArray();
                if (await grains.GetGrain<ISiteDayGrain>(SiteDayKey.Of(site.Id, date)).SeedGenerated(parts)) seeded++;
            }
            await progress.Complete();
        }
        return seeded;
    }
}
