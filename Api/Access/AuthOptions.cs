namespace Occupancy.Api.Access;

/// <summary>The <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const string TokenIssuer = "occupancy";
    public const string TokenAudience = "occupancy";

    public AuthMode Mode { get; set; } = AuthMode.Embedded;

    /// <summary>
    /// Where the embedded signing key lives (<c>{DataDir}/auth/signing-key</c>); every Api node on the machine reads the
    /// same file. Defaults to the DATA_DIR environment variable, else <c>.data</c> under the working directory.
    /// </summary>
    public string? DataDir { get; set; }

    /// <summary>How long an embedded token lives; pages renew it silently before then.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public OidcOptions Oidc { get; set; } = new();

    public string ResolvedDataDir =>
        Path.GetFullPath(DataDir is { Length: > 0 } dir ? dir
            : Environment.GetEnvironmentVariable("DATA_DIR") is { Length: > 0 } env ? env
            : ".data");
}

/// <summary>An external OpenID Connect authority whose tokens the Api accepts (resource server only).</summary>
public sealed class OidcOptions
{
    public string? Authority { get; set; }

    public string? Audience { get; set; }

    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Claim carrying the role (<c>resident</c>, <c>staff</c>, <c>device</c>, <c>admin</c>).</summary>
    public string RoleClaim { get; set; } = ActorClaims.Role;

    /// <summary>Claim carrying a staff member's sites (repeated, or one per value).</summary>
    public string SitesClaim { get; set; } = ActorClaims.Site;

    /// <summary>Claim linking a resident's provider account to a member id.</summary>
    public string MemberClaim { get; set; } = ActorClaims.Member;
}
