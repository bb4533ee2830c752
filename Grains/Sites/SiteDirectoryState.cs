namespace Occupancy.Grains.Sites;

[GenerateSerializer, Alias("SiteDirectoryState")]
internal sealed class SiteDirectoryState
{
    [Id(0)] public Dictionary<string, SiteSummary> Sites { get; set; } = [];
}
