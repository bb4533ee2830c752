namespace Occupancy.Grains.Management;

/// <summary>Endpoint metadata: served on the management listener only (see <see cref="ManagementPort"/>).</summary>
public sealed class ManagementOnly
{
    public static readonly ManagementOnly Instance = new();

    private ManagementOnly()
    {
    }
}
