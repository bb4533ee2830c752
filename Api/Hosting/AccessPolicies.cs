using Occupancy.Api.Access;
using Occupancy.Grains.Access;

namespace Occupancy.Api.Hosting;

/// <summary>
/// Coarse gates by role only. Whether an actor may act on a given entity (its site, its member) is decided by the
/// grain that owns the entity, which answers <c>forbidden</c>.
/// </summary>
internal static class AccessPolicies
{
    /// <summary>Any valid token.</summary>
    public const string SignedIn = "signed-in";

    /// <summary>Staff of some site, or an admin.</summary>
    public const string Staff = "staff";

    /// <summary>Administrators only (sites, accounts, devices, audits).</summary>
    public const string Admin = "admin";

    public static IServiceCollection AddAccessPolicies(this IServiceCollection services) =>
        services.AddAuthorization(o =>
        {
            o.AddPolicy(SignedIn, policy => policy.RequireAuthenticatedUser());
            o.AddPolicy(Staff, policy => policy.RequireAuthenticatedUser().RequireAssertion(context =>
                RoleOf(context) is ActorRole.Staff or ActorRole.Admin));
            o.AddPolicy(Admin, policy => policy.RequireAuthenticatedUser().RequireAssertion(context =>
                RoleOf(context) is ActorRole.Admin));
        });

    private static ActorRole RoleOf(Microsoft.AspNetCore.Authorization.AuthorizationHandlerContext context) =>
        context.Resource is HttpContext http ? http.Actor().Role : ActorRole.Anonymous;
}
