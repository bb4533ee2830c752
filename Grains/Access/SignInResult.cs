namespace Occupancy.Grains.Access;

/// <summary>The answer of a credential's grain to a sign-in or a refresh: the actor to mint a token for, or why not.</summary>
[GenerateSerializer, Immutable, Alias("SignInResult")]
public sealed record SignInResult(
    [property: Id(0)] SignInVerdict Verdict,
    [property: Id(1)] Actor? Actor = null,
    [property: Id(2)] string? Name = null,
    [property: Id(3)] TimeSpan? RetryAfter = null)
{
    public static readonly SignInResult Refused = new(SignInVerdict.Refused);

    public static SignInResult Granted(Actor actor, string? name) => new(SignInVerdict.Granted, actor, name);

    public static SignInResult Locked(TimeSpan retryAfter) => new(SignInVerdict.Locked, RetryAfter: retryAfter);
}
