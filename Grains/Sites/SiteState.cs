namespace Occupancy.Grains.Sites;

[GenerateSerializer, Alias("SiteState")]
internal sealed class SiteState
{
    [Id(0)] public SiteDefinition? Definition { get; set; }
    [Id(1)] public List<string> Facilities { get; set; } = [];
    [Id(2)] public List<string> Canteens { get; set; } = [];
    /// <summary>Changes to the site itself; the snapshot's version adds its parts' versions to it.</summary>
    [Id(3)] public long Version { get; set; }
    [Id(4)] public DateTimeOffset UpdatedAt { get; set; }
}
