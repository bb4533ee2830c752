using Occupancy.Grains.Access;

namespace Occupancy.Grains.Devices;

/// <summary>One device credential, keyed by device id: where it may write, its hashed secret, whether it is revoked.</summary>
public interface IDeviceGrain : IGrainWithStringKey
{
    Task<DeviceView?> Get();

    /// <summary>Creates the credential with a fresh secret, answered once. Administrators only.</summary>
    Task<Outcome<IssuedDevice>> Create(Actor actor, DeviceDefinition definition);

    /// <summary>Revokes the credential: no more exchanges or renewals. Administrators only; repeating it changes nothing.</summary>
    Task<Outcome<DeviceView>> Revoke(Actor actor);

    /// <summary>Exchanges the secret for the device's actor, unless revoked.</summary>
    Task<SignInResult> SignIn(string secret);

    /// <summary>A token's renewal: granted while the credential exists and is not revoked.</summary>
    Task<SignInResult> Refresh();
}
