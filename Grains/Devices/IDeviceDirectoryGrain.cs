namespace Occupancy.Grains.Devices;

/// <summary>
/// The list of device credentials for the administration (a single grain: a centre has tens to hundreds of devices,
/// each a short entry without its secret). Kept by the device grains after they write.
/// </summary>
public interface IDeviceDirectoryGrain : IGrainWithIntegerKey
{
    Task<IReadOnlyList<DeviceView>> List();

    Task Register(DeviceView device);
}
