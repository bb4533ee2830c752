using Occupancy.Api.Access;
using Occupancy.Api.Hosting;
using Occupancy.Api.Problems;
using Occupancy.Api.Reference;
using Occupancy.Grains;
using Occupancy.Grains.Accounts;
using Occupancy.Grains.Devices;

namespace Occupancy.Api.Apis;

/// <summary>
/// Administration of the embedded mode's credentials: staff accounts and device credentials (an external provider
/// holds them in Oidc mode, so these routes exist only in Embedded mode). The grains refuse anyone but an admin too.
/// </summary>
internal static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app, AuthMode mode)
    {
        if (mode != AuthMode.Embedded) return app;

        var staff = app.MapGroup("/api/admin/staff").WithTags("Administration").RequireAuthorization(AccessPolicies.Admin);

        staff.MapGet("", (IGrainFactory grains) => grains.GetGrain<IStaffDirectoryGrain>(0).List())
            .Produces<IReadOnlyList<StaffAccountView>>()
            .Describe("listStaffAccounts", "List staff accounts", "Every staff account (never a password).");

        staff.MapPut("/{username}", async (string username, StaffAccountDefinition definition, IGrainFactory grains, HttpContext http) =>
                Usernames.IsValid(username)
                    ? (await grains.GetGrain<IStaffAccountGrain>(username).Define(http.Actor(), definition)).ToDefinitionResult($"/api/admin/staff/{username}")
                    : InvalidUsername())
            .Produces<StaffAccountView>()
            .Produces<StaffAccountView>(StatusCodes.Status201Created)
            .Gives(ProblemCodes.InvalidId, ProblemCodes.InvalidRequest)
            .Describe("defineStaffAccount", "Create or replace a staff account",
                "Creates (201, password required) or replaces (200, password optional) a staff account.");

        staff.MapDelete("/{username}", async (string username, IGrainFactory grains, HttpContext http) =>
                Usernames.IsValid(username)
                    ? (await grains.GetGrain<IStaffAccountGrain>(username).Remove(http.Actor())).ToResult()
                    : InvalidUsername())
            .Produces<StaffAccountView>()
            .Gives(ProblemCodes.InvalidId, ProblemCodes.NotFound)
            .Describe("removeStaffAccount", "Remove a staff account", "Removes a staff account: its tokens stop refreshing.");

        var devices = app.MapGroup("/api/admin/devices").WithTags("Administration").RequireAuthorization(AccessPolicies.Admin);

        devices.MapGet("", (IGrainFactory grains) => grains.GetGrain<IDeviceDirectoryGrain>(0).List())
            .Produces<IReadOnlyList<DeviceView>>()
            .Describe("listDevices", "List device credentials", "Every device credential, revoked ones with revokedAt (never a secret).");

        devices.MapPost("", async (DeviceDefinition definition, IGrainFactory grains, HttpContext http) =>
                (await grains.GetGrain<IDeviceGrain>(DeviceSecrets.NewId()).Create(http.Actor(), definition))
                    .ToCreatedResult(device => $"/api/admin/devices/{device.DeviceId}"))
            .Produces<IssuedDevice>(StatusCodes.Status201Created)
            .Gives(ProblemCodes.InvalidRequest)
            .Describe("createDevice", "Create a device credential", "Creates a device credential; its secret is in this answer and nowhere else, ever.");

        devices.MapDelete("/{deviceId}", async (string deviceId, IGrainFactory grains, HttpContext http) =>
                (await grains.GetGrain<IDeviceGrain>(deviceId).Revoke(http.Actor())).ToResult())
            .ValidatesRouteIds()
            .Produces<DeviceView>()
            .Gives(ProblemCodes.NotFound)
            .Describe("revokeDevice", "Revoke a device credential", "Revokes a device credential: its exchange and its tokens' renewal are refused from now on.");

        return app;
    }

    private static IResult InvalidUsername() =>
        ProblemResponses.For(ProblemCodes.InvalidId, "username must match ^[a-z0-9][a-z0-9.-]{0,63}$.",
            new Dictionary<string, string[]> { ["username"] = ["Not a valid username."] });
}
