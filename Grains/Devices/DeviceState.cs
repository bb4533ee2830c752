namespace Occupancy.Grains.Devices;

[GenerateSerializer, Alias("DeviceState")]
internal sealed class DeviceState
{
    /// <summary>Null until created; kept after revocation so the listing says when.</summary>
    [Id(0)] public DeviceView? Device { get; set; }
    [Id(1)] public string? SecretHash { get; set; }
}
