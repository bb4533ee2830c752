namespace Occupancy.Api.Hosting;

/// <summary>
/// Who may call what. Administration and staff-only routes already name the <see cref="Staff"/> policy; until
/// staff sign in (the security work), it admits every caller, so tightening it is a change in this one place.
/// </summary>
internal static class AccessPolicies
{
    public const string Staff = "staff";

    public static IServiceCollection AddAccessPolicies(this IServiceCollection services) =>
        services.AddAuthorization(o => o.AddPolicy(Staff, policy => policy.RequireAssertion(_ => true)));
}
