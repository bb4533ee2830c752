namespace Occupancy.Grains.Sites;

/// <summary>The list of all sites (a single grain; sites are few and change rarely).</summary>
public interface ISiteDirectoryGrain : IGrainWithIntegerKey
{
    Task<IReadOnlyList<SiteSummary>> List();

    Task Register(SiteSummary site);
}
