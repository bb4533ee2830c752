using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Occupancy.Grains.Access;

namespace Occupancy.Api.Access;

/// <summary>A freshly minted token and when it stops being accepted.</summary>
public sealed record IssuedToken(string AccessToken, DateTimeOffset ExpiresAt);

/// <summary>Mints the embedded mode's short-lived tokens for an actor. Registered only in <see cref="AuthMode.Embedded"/>.</summary>
public sealed class TokenIssuer(SigningKey key, IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public IssuedToken Issue(Actor actor, string? name = null, TimeSpan? lifetime = null)
    {
        if (actor.Role is ActorRole.Anonymous or ActorRole.System) throw new ArgumentException("Only a real role gets a token.", nameof(actor));
        var now = time.GetUtcNow();
        var expires = now + (lifetime ?? options.Value.TokenLifetime);
        var claims = new List<Claim>
        {
            new(ActorClaims.Subject, actor.Subject),
            new(ActorClaims.Role, RoleName(actor.Role)),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
        };
        claims.AddRange(actor.Sites.Select(site => new Claim(ActorClaims.Site, site)));
        if (actor.MemberId is { } member) claims.Add(new Claim(ActorClaims.Member, member));
        if (actor.FacilityId is { } facility) claims.Add(new Claim(ActorClaims.Facility, facility));
        if (actor.CanteenId is { } canteen) claims.Add(new Claim(ActorClaims.Canteen, canteen));
        if (name is not null) claims.Add(new Claim("name", name));
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.TokenIssuer,
            Audience = AuthOptions.TokenAudience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
        });
        return new IssuedToken(token, expires);
    }

    public static string RoleName(ActorRole role) => role switch
    {
        ActorRole.Resident => "resident",
        ActorRole.Staff => "staff",
        ActorRole.Device => "device",
        ActorRole.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "No token carries this role."),
    };
}
