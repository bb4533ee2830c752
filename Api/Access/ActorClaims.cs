using System.Security.Claims;
using Occupancy.Grains.Access;

namespace Occupancy.Api.Access;

/// <summary>
/// The claims of an Occupancy token and how a signed-in principal becomes the <see cref="Actor"/> the grains see.
/// In Oidc mode the claim names come from configuration (<see cref="ClaimNames"/>); embedded tokens use the defaults.
/// </summary>
internal static class ActorClaims
{
    public const string Role = "role";
    public const string Site = "site";
    public const string Member = "member";
    public const string Facility = "facility";
    public const string Canteen = "canteen";
    public const string Subject = "sub";

    /// <summary>The actor for this request: from the authenticated principal, else anonymous by remote address.</summary>
    /// <remarks>
    /// Asked several times per request (rate limiter, policies, idempotency scope, endpoint): built once per principal
    /// and kept on the request, rebuilt only if authentication replaced the principal meanwhile.
    /// </remarks>
    public static Actor Actor(this HttpContext context)
    {
        if (context.Items[CacheKey] is (ClaimsPrincipal user, Actor cached) && ReferenceEquals(user, context.User)) return cached;
        var actor = context.RequestServices.GetRequiredService<ClaimNames>().ToActor(context.User, context.Connection.RemoteIpAddress?.ToString());
        context.Items[CacheKey] = (context.User, actor);
        return actor;
    }

    private static readonly object CacheKey = new();
}

/// <summary>Which claim carries role, sites and member id (configurable for an external OpenID Connect provider).</summary>
internal sealed record ClaimNames(string Role = ActorClaims.Role, string Site = ActorClaims.Site, string Member = ActorClaims.Member)
{
    public Actor ToActor(ClaimsPrincipal? user, string? address)
    {
        var anonymous = Grains.Access.Actor.Anonymous($"addr:{address ?? "unknown"}");
        if (user?.Identity is not { IsAuthenticated: true }) return anonymous;
        var subject = user.FindFirstValue(ActorClaims.Subject) ?? user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (string.IsNullOrEmpty(subject)) return anonymous;
        var sites = user.FindAll(Site).Select(c => c.Value).Where(Grains.Ids.IsValid).Distinct(StringComparer.Ordinal).ToArray();
        return user.FindFirstValue(Role) switch
        {
            "admin" => Grains.Access.Actor.Admin(subject),
            "staff" => new Actor(ActorRole.Staff, subject, sites),
            "resident" when user.FindFirstValue(Member) is { } member && Grains.Ids.IsValid(member) => Grains.Access.Actor.ResidentOf(member) with { Subject = subject },
            "device" => new Actor(ActorRole.Device, subject, sites,
                FacilityId: user.FindFirstValue(ActorClaims.Facility), CanteenId: user.FindFirstValue(ActorClaims.Canteen)),
            _ => anonymous,
        };
    }
}
