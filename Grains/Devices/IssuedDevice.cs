namespace Occupancy.Grains.Devices;

/// <summary>A device credential just created, with its secret: the only time the secret is ever shown.</summary>
[GenerateSerializer, Immutable, Alias("IssuedDevice")]
public sealed record IssuedDevice(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] string Name,
    [property: Id(2)] string? FacilityId,
    [property: Id(3)] string? CanteenId,
    [property: Id(4)] string? SiteId,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] string Secret)
{
    public override string ToString() => $"IssuedDevice {{ DeviceId = {DeviceId} }}";
}
