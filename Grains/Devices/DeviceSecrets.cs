using System.Security.Cryptography;
using System.Text;

namespace Occupancy.Grains.Devices;

/// <summary>
/// Device secrets are 256 random bits, so a plain SHA-256 of the secret is as good as a slow password hash against a
/// stolen store (nothing to guess from), and a device's frequent renewals cost nothing.
/// </summary>
public static class DeviceSecrets
{
    public const string IdPrefix = "dev-";

    public static string NewId() => IdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string? hash, string secret) =>
        hash is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(Hash(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
