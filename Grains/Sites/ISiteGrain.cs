using Occupancy.Grains.Access;
using Occupancy.Grains.Canteens;
using Occupancy.Grains.Facilities;
using Occupancy.Grains.Live;

namespace Occupancy.Grains.Sites;

/// <summary>One community complex: its catalog and its live dashboard aggregate.</summary>
public interface ISiteGrain : IWatchable
{
    Task<SiteSnapshot?> Get();

    Task<SiteSummary?> GetSummary();

    /// <summary>Creates (admin) or replaces (admin, or staff of this site) the site.</summary>
    Task<Outcome<DefinitionResult<SiteSnapshot>>> Define(SiteDefinition definition, Actor actor);

    Task<bool> DefineIfAbsent(SiteDefinition definition);

    /// <summary>Records that a facility or canteen belongs here; answers the site's time zone, or null if the site does not exist.</summary>
    Task<string?> Attach(SitePart part);

    [OneWay]
    Task FacilityChanged(FacilitySnapshot snapshot);

    [OneWay]
    Task CanteenChanged(CanteenSnapshot snapshot);
}
