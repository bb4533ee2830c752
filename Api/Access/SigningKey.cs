using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Occupancy.Api.Access;

/// <summary>
/// The embedded mode's HMAC key: generated at first start into <c>{DataDir}/auth/signing-key</c> (owner-only), never
/// in code or a committed file. Several Api nodes starting at once settle on the first file written.
/// </summary>
public sealed class SigningKey
{
    public const string FileName = "signing-key";

    public SigningKey(IOptions<AuthOptions> options)
    {
        Path = System.IO.Path.Combine(options.Value.ResolvedDataDir, "auth", FileName);
        Key = new SymmetricSecurityKey(LoadOrCreate(Path)) { KeyId = "embedded" };
    }

    public string Path { get; }

    public SymmetricSecurityKey Key { get; }

    /// <summary>Reads the key at <paramref name="path"/>, creating it (64 random bytes, owner-only) at first start.</summary>
    internal static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path)) return Read(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)));
        }
        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp); // another node won the race: use its key
        }
        return Read(path);
    }

    private static byte[] Read(string path)
    {
        var bytes = Convert.FromBase64String(File.ReadAllText(path).Trim());
        if (bytes.Length < 32) throw new InvalidOperationException($"The signing key in {path} is shorter than 256 bits.");
        return bytes;
    }
}
