using Microsoft.Extensions.Logging;
using Occupancy.Grains.Accounts;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Cards;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Members;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Catalog;

/// <summary>
/// Loads the demo catalog into the grains. Every entity is created only if it was never defined, so loading
/// again (every start, every silo) creates nothing twice and never overwrites what an administrator changed;
/// a load cut short is completed by the next one. Each site's weekly schedules go to its schedule grain, which
/// creates a rolling week of sessions in the background (create-if-absent as well); members come next, then the demo
/// staff accounts and the members' cards (a member who already has a card, or an account that exists, is left alone),
/// and last the demo regulars' weeks of canteen visits (<see cref="RegularsSeeder"/>).
/// </summary>
internal sealed class CatalogSeeder(IGrainFactory grains, ILogger<CatalogSeeder> logger, DomainClock? clock = null)
{
    public async Task<CatalogSeedCounts> SeedAsync(CancellationToken cancellationToken)
    {
        var catalog = DemoCatalog.Load();
        var counts = new CatalogSeedCounts(0, 0, 0);
        foreach (var site in catalog.Sites)
        {
            cancellationToken.ThrowIfCancellationRequested();
            counts = Add(counts, await SeedSiteAsync(site, cancellationToken));
        }
        var members = 0;
        foreach (var member in catalog.Members)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await grains.GetGrain<IMemberGrain>(member.Id).DefineIfAbsent(MemberProfile.FromCatalog(member))) members++;
        }
        var accounts = 0;
        foreach (var staff in catalog.StaffOrEmpty)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await grains.GetGrain<IStaffAccountGrain>(staff.Username).DefineIfAbsent(staff.ToDefinition())) accounts++;
        }
        var cards = 0;
        foreach (var card in catalog.ResidentCardsOrEmpty)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await grains.GetGrain<IMemberCardGrain>(card.MemberId).SeedIfAbsent(card.CardNumber, card.Pin)) cards++;
        }
        counts = counts with { Members = members, StaffAccounts = accounts, ResidentCards = cards };
        var regulars = await new RegularsSeeder(grains, clock ?? new DomainClock(TimeProvider.System)).SeedAsync(catalog.RegularsOrEmpty, cancellationToken);
        if (regulars > 0) logger.LogInformation("Demo visits seeded: {Regulars} regulars' last four weeks", regulars);
        var historyDays = await new HistorySeeder(grains, clock ?? new DomainClock(TimeProvider.System)).SeedAsync(catalog.Sites, cancellationToken);
        if (historyDays > 0) logger.LogInformation("Demo history generated: {Days} site-days of hourly occupancy, marked as generated", historyDays);
        foreach (var watch in catalog.AbsenceWatchesOrEmpty) await grains.GetGrain<Alerts.IAbsenceWatchGrain>(watch.MemberId).SeedIfAbsent(watch.Note);

        if (counts.CreatedAny)
            logger.LogInformation(
                "Demo catalog loaded: created {Sites} sites, {Facilities} facilities, {Canteens} canteens, {Members} members, {StaffAccounts} staff accounts, {ResidentCards} resident cards",
                counts.Sites, counts.Facilities, counts.Canteens, counts.Members, counts.StaffAccounts, counts.ResidentCards);
        else
            logger.LogInformation("Demo catalog already present: nothing created");
        return counts;
    }

    /// <summary>The site first: its facilities and canteens attach to it and need it to exist.</summary>
    private async Task<CatalogSeedCounts> SeedSiteAsync(CatalogSite site, CancellationToken cancellationToken)
    {
        var siteCreated = await grains.GetGrain<ISiteGrain>(site.Id).DefineIfAbsent(site.ToDefinition());
        var facilities = 0;
        foreach (var facility in site.Facilities)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await grains.GetGrain<IFacilityGrain>(facility.Id).DefineIfAbsent(facility.ToDefinition(site.Id))) facilities++;
        }
        var canteens = 0;
        foreach (var canteen in site.Canteens)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await grains.GetGrain<ICanteenGrain>(canteen.Id).DefineIfAbsent(canteen.ToDefinition(site.Id))) canteens++;
        }
        // Schedules are not edited by administrators: the data file's version is the site's, and unchanged ones write nothing.
        var schedules = await grains.GetGrain<IScheduleGrain>(site.Id).SetSchedules(site.Schedules.Select(SessionSchedule.FromCatalog).ToArray());
        if (!schedules.Succeeded) throw new InvalidDataException($"The schedules of site '{site.Id}' are invalid: {schedules.Problem!.Detail}");
        return new CatalogSeedCounts(siteCreated ? 1 : 0, facilities, canteens);
    }

    private static CatalogSeedCounts Add(CatalogSeedCounts a, CatalogSeedCounts b) =>
        new(a.Sites + b.Sites, a.Facilities + b.Facilities, a.Canteens + b.Canteens);
}
