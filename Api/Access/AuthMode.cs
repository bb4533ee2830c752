namespace Occupancy.Api.Access;

/// <summary>Where tokens come from.</summary>
public enum AuthMode
{
    /// <summary>The Api signs its own short-lived tokens with a key kept in the data directory (one centre, no identity provider).</summary>
    Embedded,

    /// <summary>The Api only validates tokens of a configured OpenID Connect authority and mints nothing.</summary>
    Oidc,
}
