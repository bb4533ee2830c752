using Occupancy.Grains.Access;

namespace Occupancy.Api.Access;

/// <summary>What every sign-in, refresh and demo shortcut answers: the token and who it is for (the pages keep both).</summary>
public sealed record TokenAnswer(
    string AccessToken,
    DateTimeOffset ExpiresAt,
    string Role,
    string Subject,
    IReadOnlyList<string> Sites,
    string? MemberId,
    string? FacilityId,
    string? CanteenId,
    string? Name)
{
    public static TokenAnswer For(IssuedToken token, Actor actor, string? name) => new(
        token.AccessToken, token.ExpiresAt, TokenIssuer.RoleName(actor.Role), actor.Subject, actor.Sites,
        actor.MemberId, actor.FacilityId, actor.CanteenId, name);

    // The token never goes to a log that prints the record.
    public override string ToString() => $"TokenAnswer {{ Role = {Role}, Subject = {Subject}, ExpiresAt = {ExpiresAt:O} }}";
}

/// <summary>GET /api/auth/me: who the presented token says the caller is.</summary>
public sealed record WhoAmI(
    string Role,
    string Subject,
    IReadOnlyList<string> Sites,
    string? MemberId,
    string? FacilityId,
    string? CanteenId,
    string? Name);

public sealed record StaffSignIn(string Username, string Password)
{
    public override string ToString() => $"StaffSignIn {{ Username = {Username} }}";
}

public sealed record ResidentSignIn(string CardNumber, string Pin)
{
    public override string ToString() => "ResidentSignIn";
}

public sealed record DeviceSignIn(string DeviceId, string Secret)
{
    public override string ToString() => $"DeviceSignIn {{ DeviceId = {DeviceId} }}";
}

/// <summary>One identity of the demo catalog a loopback visitor may take with one click.</summary>
public sealed record DemoIdentity(string Id, string Role, string Label);

/// <summary>The body of PUT /api/members/{memberId}/pin.</summary>
public sealed record PinChange(string Pin)
{
    public override string ToString() => "PinChange";
}
