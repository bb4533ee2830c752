namespace Occupancy.Grains.Devices;

/// <summary>A device credential as the administration lists it; never its secret.</summary>
[GenerateSerializer, Immutable, Alias("DeviceView")]
public sealed record DeviceView(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] string Name,
    [property: Id(2)] string? FacilityId,
    [property: Id(3)] string? CanteenId,
    [property: Id(4)] string? SiteId,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset? RevokedAt = null);
