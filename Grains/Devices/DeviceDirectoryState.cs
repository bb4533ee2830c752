namespace Occupancy.Grains.Devices;

[GenerateSerializer, Alias("DeviceDirectoryState")]
internal sealed class DeviceDirectoryState
{
    [Id(0)] public Dictionary<string, DeviceView> Devices { get; set; } = [];
}
