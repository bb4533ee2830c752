namespace Occupancy.Grains.Sites;

/// <summary>A facility or canteen as its site sees it.</summary>
public interface ISitePartGrain : IGrainWithStringKey
{
    /// <summary>The site's time zone changed: the part's hours are read in the new one from now on.</summary>
    [OneWay]
    Task SiteTimeZoneChanged(string timeZone);
}
