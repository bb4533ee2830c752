using Occupancy.Grains.Access;
using Occupancy.Grains.Devices;
using Occupancy.Grains.Tests.Support;

namespace Occupancy.Grains.Tests.Access;

[Collection(RulesCollection.Name)]
public sealed class DeviceCredentialTests(RulesClusterFixture fixture)
{
    private async Task<IssuedDevice> Create(DeviceDefinition definition)
    {
        var created = await fixture.Client.GetGrain<IDeviceGrain>(DeviceSecrets.NewId()).Create(Actor.Admin("admin"), definition);
        Assert.True(created.Succeeded, created.Problem?.Detail);
        return created.Value!;
    }

    [Fact]
    public async Task The_secret_shown_once_exchanges_for_the_device_of_its_place_and_a_wrong_one_does_not()
    {
        var issued = await Create(new DeviceDefinition("健身房闸机", FacilityId: "fuming-gym"));
        var device = fixture.Client.GetGrain<IDeviceGrain>(issued.DeviceId);

        var granted = await device.SignIn(issued.Secret);
        var wrong = await device.SignIn(issued.Secret[..^1] + (issued.Secret[^1] == 'A' ? 'B' : 'A'));

        Assert.Equal(SignInVerdict.Granted, granted.Verdict);
        Assert.Equal((ActorRole.Device, issued.DeviceId, "fuming-gym"), (granted.Actor!.Role, granted.Actor.Subject, granted.Actor.FacilityId));
        Assert.Equal(SignInVerdict.Refused, wrong.Verdict);
        var listed = Assert.Single(await fixture.Client.GetGrain<IDeviceDirectoryGrain>(0).List(), d => d.DeviceId == issued.DeviceId);
        Assert.DoesNotContain(issued.Secret, listed.ToString());
    }

    [Fact]
    public async Task A_revoked_device_neither_exchanges_its_secret_nor_renews_its_token()
    {
        var issued = await Create(new DeviceDefinition("入口签到机", SiteId: "binjiang"));
        var device = fixture.Client.GetGrain<IDeviceGrain>(issued.DeviceId);
        Assert.True((await device.SignIn(issued.Secret)).Actor!.IsSiteDeviceOf("binjiang"));

        var revoked = await device.Revoke(Actor.Admin("admin"));

        Assert.NotNull(revoked.Value?.RevokedAt);
        Assert.Equal(SignInVerdict.Refused, (await device.SignIn(issued.Secret)).Verdict);
        Assert.Equal(SignInVerdict.Refused, (await device.Refresh()).Verdict);
        var listed = Assert.Single(await fixture.Client.GetGrain<IDeviceDirectoryGrain>(0).List(), d => d.DeviceId == issued.DeviceId);
        Assert.NotNull(listed.RevokedAt);
    }

    [Fact]
    public async Task Only_an_admin_creates_or_revokes_and_a_device_names_exactly_one_place()
    {
        var device = fixture.Client.GetGrain<IDeviceGrain>(DeviceSecrets.NewId());

        var byStaff = await device.Create(Actor.StaffOf("desk", "binjiang"), new DeviceDefinition("x", SiteId: "binjiang"));
        var twoPlaces = await device.Create(Actor.Admin("admin"), new DeviceDefinition("x", FacilityId: "fuming-gym", SiteId: "fuming"));

        Assert.Equal(ProblemCodes.Forbidden, byStaff.Problem?.Code);
        Assert.Equal(ProblemCodes.InvalidRequest, twoPlaces.Problem?.Code);
        Assert.Null(await device.Get());
    }
}
