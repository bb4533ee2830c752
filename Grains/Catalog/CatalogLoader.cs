using Occupancy.Grains.Canteens;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Members;
using Occupancy.Grains.Sessions;
using Occupancy.Grains.Sites;

namespace Occupancy.Grains.Catalog;

/// <summary>
/// Loads a catalog of any size (a generated city) through the grains, many sites and members at a time, with the
/// same create-if-absent calls as <see cref="CatalogSeeder"/>: loading again creates nothing twice. A site counts as
/// loaded once its schedule grain has generated its rolling week of sessions, so the time measured includes them.
/// Works from a silo or from a cluster client.
/// </summary>
public sealed class CatalogLoader(IGrainFactory grains, int parallelism = 64)
{
    /// <summary>
    /// How long one site or member is tried again when the store does not confirm or read in time (loading is
    /// create-if-absent, so a retry is safe). A grain whose state read failed does not activate: Orleans answers that
    /// with an <see cref="OrleansException"/> naming the storage provider. Minutes, not seconds: Azurite holding a large
    /// city stopped answering for longer than half a minute (seen between 20,000 and 45,000 members).
    /// </summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    private int _retries;

    /// <summary>How many times a site or member was loaded again after the store or the cluster did not answer in time.</summary>
    public int Retries => _retries;

    /// <summary>Each site's schedule grain creates its sessions 8 at a time: fewer sites in flight keep the store's queue alike.</summary>
    private int SiteParallelism => Math.Max(1, parallelism / 8);

    /// <summary>Loads the sites; <paramref name="loaded"/> is told each site's id as it completes. Answers how many entities were created.</summary>
    public async Task<CatalogSeedCounts> LoadSitesAsync(IEnumerable<CatalogSite> sites, Action<string>? loaded = null, CancellationToken cancellationToken = default)
    {
        int created = 0, facilities = 0, canteens = 0;
        await Parallel.ForEachAsync(sites, new ParallelOptions { MaxDegreeOfParallelism = SiteParallelism, CancellationToken = cancellationToken }, async (site, _) =>
        {
            var counts = await WithRetriesAsync(() => LoadSiteAsync(site));
            Interlocked.Add(ref created, counts.Sites);
            Interlocked.Add(ref facilities, counts.Facilities);
            Interlocked.Add(ref canteens, counts.Canteens);
            loaded?.Invoke(site.Id);
        });
        return new CatalogSeedCounts(created, facilities, canteens);
    }

    /// <summary>Loads the members; <paramref name="loaded"/> is told each member's id as it completes. Answers how many were created.</summary>
    public async Task<int> LoadMembersAsync(IEnumerable<CatalogMember> members, Action<string>? loaded = null, CancellationToken cancellationToken = default)
    {
        var created = 0;
        await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (member, _) =>
        {
            if (await WithRetriesAsync(() => grains.GetGrain<IMemberGrain>(member.Id).DefineIfAbsent(MemberProfile.FromCatalog(member)))) Interlocked.Increment(ref created);
            loaded?.Invoke(member.Id);
        });
        return created;
    }

    /// <summary>The site first (its places attach to it), then its places together, then its schedules and their week of sessions.</summary>
    public async Task<CatalogSeedCounts> LoadSiteAsync(CatalogSite site)
    {
        var siteCreated = await grains.GetGrain<ISiteGrain>(site.Id).DefineIfAbsent(site.ToDefinition());
        var facilities = await Task.WhenAll(site.Facilities.Select(f => grains.GetGrain<IFacilityGrain>(f.Id).DefineIfAbsent(f.ToDefinition(site.Id))));
        var canteens = await Task.WhenAll(site.Canteens.Select(c => grains.GetGrain<ICanteenGrain>(c.Id).DefineIfAbsent(c.ToDefinition(site.Id))));
        var schedule = grains.GetGrain<IScheduleGrain>(site.Id);
        var set = await schedule.SetSchedules(site.Schedules.Select(SessionSchedule.FromCatalog).ToArray());
        if (!set.Succeeded) throw new InvalidDataException($"The schedules of site '{site.Id}' are invalid: {set.Problem!.Detail}");
        // SetSchedules generates in the background; this call runs after it (or does it) and so returns once the week exists.
        await schedule.Generate();
        return new CatalogSeedCounts(siteCreated ? 1 : 0, facilities.Count(c => c), canteens.Count(c => c));
    }

    private async Task<T> WithRetriesAsync<T>(Func<Task<T>> load)
    {
        var giveUpAt = DateTime.UtcNow + Patience;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await load();
            }
            catch (Exception e) when (DateTime.UtcNow < giveUpAt && e is StorageUnavailableException or TimeoutException or OrleansException)
            {
                Interlocked.Increment(ref _retries);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)));
            }
        }
    }
}
