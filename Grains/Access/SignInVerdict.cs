namespace Occupancy.Grains.Access;

public enum SignInVerdict
{
    /// <summary>The credential is right: the actor may have a token.</summary>
    Granted,

    /// <summary>Unknown, wrong, removed or revoked: the caller learns nothing more (401).</summary>
    Refused,

    /// <summary>Too many failures: refused for a while whatever is presented (429 with Retry-After).</summary>
    Locked,
}
