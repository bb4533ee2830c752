using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Occupancy.Api.Access;

namespace Occupancy.Api.Tests.Hostile;

/// <summary>How an Authorization header is expected to be taken.</summary>
internal enum CredentialKind
{
    /// <summary>No header at all.</summary>
    None,

    /// <summary>A valid administrator's token: the request passes authentication and meets the route's own checks.</summary>
    Admin,

    /// <summary>A bearer token the Api must refuse (expired, foreign key, alg none, tampered, garbage): never 2xx.</summary>
    Refused,

    /// <summary>Not a bearer token at all, or a bearer with nothing after it: the caller reads as anonymous.</summary>
    NotBearer,

    /// <summary>Signed with the right key but with claims no role has (unknown role, hostile site or member ids).</summary>
    OddClaims,
}

/// <summary>An Authorization header value and what it is.</summary>
internal sealed record Credential(CredentialKind Kind, string? Header, string Label);

/// <summary>Bad Authorization headers of every kind, from the fixture's real key and from a foreign one.</summary>
internal sealed class HostileTokens(SymmetricSecurityKey realKey, string adminToken, int seed)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SymmetricSecurityKey _foreignKey = new(SHA512.HashData(BitConverter.GetBytes(seed))) { KeyId = "embedded" };
    private readonly Dictionary<string, string> _cache = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Credential Admin => new(CredentialKind.Admin, $"Bearer {adminToken}", "admin token");

    /// <summary>An administrator's token, signed with the right key, that expired ten minutes ago.</summary>
    public Credential Expired
    {
        get
        {
            var now = DateTimeOffset.UtcNow;
            return Bearer("expired", Signed("expired", AdminClaims(), realKey, now.AddHours(-2), now.AddMinutes(-10)));
        }
    }

    public Credential Draw(Random random, CredentialKind kind) => kind switch
    {
        CredentialKind.None => new(CredentialKind.None, null, "none"),
        CredentialKind.Admin => Admin,
        CredentialKind.Refused => Refused(random),
        CredentialKind.NotBearer => NotBearer(random),
        _ => OddClaims(random),
    };

    private Credential Refused(Random random)
    {
        var now = DateTimeOffset.UtcNow;
        switch (random.Next(14))
        {
            case 0: return Expired;
            case 1: return Bearer("foreign key", Signed("foreign", AdminClaims(), _foreignKey, now, now.AddMinutes(10)));
            case 2: return Bearer("alg none", Unsigned(AdminClaims(now)));
            case 3: return Bearer("HS512 with the real key", Signed("hs512", AdminClaims(), realKey, now, now.AddMinutes(10), SecurityAlgorithms.HmacSha512));
            case 4: return Bearer("wrong issuer", Signed("issuer", AdminClaims(issuer: "evil"), realKey, now, now.AddMinutes(10)));
            case 5: return Bearer("wrong audience", Signed("audience", AdminClaims(audience: "evil"), realKey, now, now.AddMinutes(10)));
            case 6: return Bearer("not yet valid", Signed("nbf", AdminClaims(), realKey, now.AddHours(1), now.AddHours(2)));
            case 7: return Bearer("truncated signature", adminToken[..^(1 + random.Next(20))]);
            case 8: return Bearer("tampered payload", Tampered());
            case 9: return Bearer("three garbage parts", $"{Garbage(random, 20)}.{Garbage(random, 40)}.{Garbage(random, 30)}");
            case 10: return Bearer("random base64", Convert.ToBase64String(HostileValues.RandomBytes(random, 1 + random.Next(3000))));
            case 11: return Bearer("five parts (JWE shape)", string.Join('.', Enumerable.Range(0, 5).Select(_ => Garbage(random, 16))));
            case 12: return Bearer("huge", new string('A', 20_000 + random.Next(40_000)) + ".e30.x");
            default: return Bearer("control characters", "eyJhbGciOiJIUzI1NiJ9.\u0001\u007F." + HostileValues.OddText(random).Replace("\r", "").Replace("\n", "") + "x");
        }
    }

    private static Credential NotBearer(Random random) => random.Next(9) switch
    {
        0 => new(CredentialKind.NotBearer, "Bearer", "Bearer alone"),
        1 => new(CredentialKind.NotBearer, "Bearer ", "Bearer and a space"),
        2 => new(CredentialKind.NotBearer, "Basic dXNlcjpwYXNzd29yZA==", "Basic"),
        3 => new(CredentialKind.NotBearer, "garbage", "garbage"),
        4 => new(CredentialKind.NotBearer, "", "empty"),
        5 => new(CredentialKind.NotBearer, "Negotiate " + Garbage(random, 40), "Negotiate"),
        6 => new(CredentialKind.NotBearer, "\u0001\u0002\u0003", "control characters"),
        7 => new(CredentialKind.NotBearer, "Bearer       ", "Bearer and spaces"),
        _ => new(CredentialKind.NotBearer, "Digest username=\"杨根有\"", "Digest with non-ASCII"),
    };

    private Credential OddClaims(Random random)
    {
        var now = DateTimeOffset.UtcNow;
        var (label, claims) = random.Next(9) switch
        {
            0 => ("unknown role", Claims(("sub", "odd-1"), ("role", "superuser"))),
            1 => ("role in capitals", Claims(("sub", "odd-2"), ("role", "ADMIN"))),
            2 => ("no subject", Claims(("role", "admin"))),
            3 => ("empty subject", Claims(("sub", ""), ("role", "admin"))),
            4 => ("staff of hostile sites", Claims(("sub", "odd-3"), ("role", "staff"), ("site", new[] { "../x", "BINJIANG", "a\u0000b", new string('s', 500) }))),
            5 => ("resident of a hostile member", Claims(("sub", "odd-4"), ("role", "resident"), ("member", "m-1\n"))),
            6 => ("device of a hostile place", Claims(("sub", "odd-5"), ("role", "device"), ("facility", "..%2f.."), ("canteen", "\u202Ex"))),
            7 => ("role as a number", Claims(("sub", "odd-6"), ("role", 1))),
            _ => ("huge subject", Claims(("sub", new string('\u200B', 2000) + "x\u0001"), ("role", "resident"))),
        };
        claims["iss"] = AuthOptions.TokenIssuer;
        claims["aud"] = AuthOptions.TokenAudience;
        return new(CredentialKind.OddClaims, $"Bearer {Signed("odd:" + label, claims, realKey, now.AddMinutes(-1), now.AddMinutes(30))}", label);
    }

    private static Credential Bearer(string label, string token) => new(CredentialKind.Refused, $"Bearer {token}", label);

    private static Dictionary<string, object> AdminClaims(DateTimeOffset? now = null, string issuer = AuthOptions.TokenIssuer, string audience = AuthOptions.TokenAudience)
    {
        var claims = Claims(("sub", "intruder"), ("role", "admin"), ("iss", issuer), ("aud", audience));
        if (now is { } at)
        {
            claims["nbf"] = at.AddMinutes(-1).ToUnixTimeSeconds();
            claims["exp"] = at.AddMinutes(30).ToUnixTimeSeconds();
        }
        return claims;
    }

    private static Dictionary<string, object> Claims(params (string Name, object Value)[] claims) =>
        claims.ToDictionary(c => c.Name, c => c.Value, StringComparer.Ordinal);

    /// <summary>Signing is slow next to everything else here: each kind of token is made once per run.</summary>
    private string Signed(string kind, Dictionary<string, object> claims, SecurityKey key, DateTimeOffset notBefore, DateTimeOffset expires,
        string algorithm = SecurityAlgorithms.HmacSha256)
    {
        lock (_gate)
        {
            if (_cache.TryGetValue(kind, out var cached)) return cached;
            var token = _handler.CreateToken(new SecurityTokenDescriptor
            {
                Claims = claims,
                NotBefore = notBefore.UtcDateTime,
                IssuedAt = notBefore.UtcDateTime,
                Expires = expires.UtcDateTime,
                SigningCredentials = new SigningCredentials(key, algorithm),
            });
            _cache[kind] = token;
            return token;
        }
    }

    private static string Unsigned(Dictionary<string, object> claims) =>
        $"{Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{Base64Url(System.Text.Json.JsonSerializer.Serialize(claims))}.";

    /// <summary>The admin token's header and signature around a payload that names another subject.</summary>
    private string Tampered()
    {
        var parts = adminToken.Split('.');
        var payload = Base64Url("{\"sub\":\"intruder\",\"role\":\"admin\",\"iss\":\"occupancy\",\"aud\":\"occupancy\",\"exp\":4102444800}");
        return $"{parts[0]}.{payload}.{parts[2]}";
    }

    private static string Base64Url(string text) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(text));

    private static string Garbage(Random random, int length) =>
        HostileValues.RandomText(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", length);
}
