#if OCCUPANCY_UPGRADE_DRILL
using Occupancy.Api.Hosting;
using Occupancy.Grains.Sessions;

namespace Occupancy.Api.Apis;

/// <summary>
/// The upgrade drill's build N+1 only (docs/upgrades.md): what a session read from its row, through the grain
/// interface method its version 1 adds. Administrators only; never in a shipped build.
/// </summary>
internal static class UpgradeDrillApi
{
    public static IEndpointRouteBuilder MapUpgradeDrillApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/upgrade-drill/sessions/{sessionId}", async (string sessionId, IGrainFactory grains) =>
                Results.Ok(await grains.GetGrain<ISessionGrain>(sessionId).GetStoredShape()))
            .RequireAuthorization(AccessPolicies.Admin)
            .ExcludeFromDescription();
        return app;
    }
}
#endif
