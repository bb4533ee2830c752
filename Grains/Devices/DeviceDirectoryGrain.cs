using Microsoft.Extensions.Logging;

namespace Occupancy.Grains.Devices;

internal sealed class DeviceDirectoryGrain(
    [PersistentState("devices", StorageNames.Occupancy)] IPersistentState<DeviceDirectoryState> state,
    ILogger<DeviceDirectoryGrain> logger) : Grain, IDeviceDirectoryGrain
{
    public Task<IReadOnlyList<DeviceView>> List() =>
        Task.FromResult<IReadOnlyList<DeviceView>>(state.State.Devices.Values
            .OrderBy(d => d.CreatedAt).ThenBy(d => d.DeviceId, StringComparer.Ordinal).ToArray());

    public async Task Register(DeviceView device)
    {
        if (state.State.Devices.TryGetValue(device.DeviceId, out var known) && known == device) return;
        state.State.Devices[device.DeviceId] = device;
        await state.WriteOrRevertAsync(this, logger);
    }
}
