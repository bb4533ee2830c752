using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Occupancy.Bench;

/// <summary>
/// Tokens for the bench's callers, signed with the embedded key of the system under test
/// (<c>{DATA_DIR}/auth/signing-key</c>), with the same claims sign-in gives. No key file: no tokens (an older system).
/// </summary>
internal sealed class BenchTokens
{
    private readonly byte[] _key;

    private BenchTokens(byte[] key) => _key = key;

    public static BenchTokens? FromDataDir(string? dataDir)
    {
        var path = Path.Combine(dataDir ?? ".data", "auth", "signing-key");
        return File.Exists(path) ? new BenchTokens(Convert.FromBase64String(File.ReadAllText(path).Trim())) : null;
    }

    public string Admin() => Sign(new Dictionary<string, object> { ["sub"] = "bench-admin", ["role"] = "admin" });

    public string Resident(string memberId) =>
        Sign(new Dictionary<string, object> { ["sub"] = memberId, ["role"] = "resident", ["member"] = memberId });

    private string Sign(Dictionary<string, object> claims)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        claims["iss"] = "occupancy";
        claims["aud"] = "occupancy";
        claims["iat"] = now;
        claims["nbf"] = now;
        claims["exp"] = now + 3600;
        claims["jti"] = Guid.NewGuid().ToString("N");
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = Base64Url(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
