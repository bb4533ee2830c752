namespace Occupancy.Grains.Sites;

public enum SitePartKind
{
    Facility,
    Canteen,
}

/// <summary>A facility or canteen that belongs to a site.</summary>
[GenerateSerializer, Immutable, Alias("SitePart")]
public sealed record SitePart([property: Id(0)] SitePartKind Kind, [property: Id(1)] string Id);
