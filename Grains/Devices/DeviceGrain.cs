using Microsoft.Extensions.Logging;
using Occupancy.Grains.Access;

namespace Occupancy.Grains.Devices;

/// <summary>Writes the credential, then lists it in the directory.</summary>
internal sealed class DeviceGrain(
    [PersistentState("device", StorageNames.Occupancy)] IPersistentState<DeviceState> state,
    DomainClock clock,
    ILogger<DeviceGrain> logger) : Grain, IDeviceGrain
{
    private DeviceState S => state.State;

    private string DeviceId => this.GetPrimaryKeyString();

    public Task<DeviceView?> Get() => Task.FromResult(S.Device);

    public async Task<Outcome<IssuedDevice>> Create(Actor actor, DeviceDefinition definition)
    {
        if (!actor.IsAllPowerful) return Actor.Forbidden("manage device credentials");
        if (definition.Validate() is { } invalid) return invalid;
        if (S.Device is not null) return new Problem(ProblemCodes.InvalidState, $"Device '{DeviceId}' already exists.");
        var secret = DeviceSecrets.NewSecret();
        var device = new DeviceView(DeviceId, definition.Name.Trim(), definition.FacilityId, definition.CanteenId, definition.SiteId, clock.UtcNow);
        S.Device = device;
        S.SecretHash = DeviceSecrets.Hash(secret);
        await state.WriteOrRevertAsync(this, logger);
        await GrainFactory.GetGrain<IDeviceDirectoryGrain>(0).Register(device);
        return new IssuedDevice(device.DeviceId, device.Name, device.FacilityId, device.CanteenId, device.SiteId, device.CreatedAt, secret);
    }

    public async Task<Outcome<DeviceView>> Revoke(Actor actor)
    {
        if (!actor.IsAllPowerful) return Actor.Forbidden("manage device credentials");
        if (S.Device is not { } device) return Problem.NotFound($"Device '{DeviceId}'");
        if (device.RevokedAt is null)
        {
            device = device with { RevokedAt = clock.UtcNow };
            S.Device = device;
            S.SecretHash = null; // a revoked secret is useless: keep nothing that could match it
            await state.WriteOrRevertAsync(this, logger);
        }
        await GrainFactory.GetGrain<IDeviceDirectoryGrain>(0).Register(device);
        return device;
    }

    public Task<SignInResult> SignIn(string secret) =>
        Task.FromResult(S.Device is { RevokedAt: null } device && DeviceSecrets.Matches(S.SecretHash, secret)
            ? Granted(device)
            : SignInResult.Refused);

    public Task<SignInResult> Refresh() =>
        Task.FromResult(S.Device is { RevokedAt: null } device ? Granted(device) : SignInResult.Refused);

    private static SignInResult Granted(DeviceView device)
    {
        var actor = device switch
        {
            { FacilityId: { } facility } => Actor.FacilityDevice(device.DeviceId, facility),
            { CanteenId: { } canteen } => Actor.CanteenDevice(device.DeviceId, canteen),
            _ => Actor.SiteDevice(device.DeviceId, device.SiteId!),
        };
        return SignInResult.Granted(actor, device.Name);
    }
}
