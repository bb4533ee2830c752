using Occupancy.Grains.Access;
using Occupancy.Grains.Accounts;
using Occupancy.Grains.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Occupancy.Grains.Tests.Access;

[Collection(RulesCollection.Name)]
public sealed class StaffAccountTests(RulesClusterFixture fixture)
{
    private const string Password = "correct horse battery";

    private static string NewUsername() => $"desk.{Guid.NewGuid():N}"[..20];

    private async Task<IStaffAccountGrain> Create(string username, StaffRole role = StaffRole.Staff, params string[] sites)
    {
        var account = fixture.Client.GetGrain<IStaffAccountGrain>(username);
        var created = await account.Define(Actor.Admin("admin"), new StaffAccountDefinition("前台", role, sites.Length == 0 ? ["binjiang"] : sites, Password));
        Assert.True(created.Succeeded, created.Problem?.Detail);
        Assert.True(created.Value!.Created);
        return account;
    }

    [Fact]
    public async Task The_right_password_signs_in_as_staff_of_the_account_sites()
    {
        var username = NewUsername();
        var account = await Create(username, StaffRole.Staff, "binjiang", "mingzhu");

        var result = await account.SignIn(Password);

        Assert.Equal(SignInVerdict.Granted, result.Verdict);
        Assert.Equal((ActorRole.Staff, username), (result.Actor!.Role, result.Actor.Subject));
        Assert.Equal(["binjiang", "mingzhu"], result.Actor.Sites);
        Assert.True(result.Actor.IsStaffOf("mingzhu"));
        Assert.False(result.Actor.IsStaffOf("fuming"));
        Assert.Contains(await fixture.Client.GetGrain<IStaffDirectoryGrain>(0).List(), a => a.Username == username);
    }

    [Fact]
    public async Task The_stored_hash_is_not_the_password_and_still_verifies_it()
    {
        var username = NewUsername();
        await Create(username);

        var stored = await ReadState(username);

        Assert.NotNull(stored.PasswordHash);
        Assert.DoesNotContain(Password, stored.PasswordHash);
        Assert.True(await SecretHasher.Verify(stored.PasswordHash, Password));
        Assert.False(await SecretHasher.Verify(stored.PasswordHash, Password + "!"));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_fifteen_minutes_even_across_reactivation()
    {
        var username = NewUsername();
        var account = await Create(username);
        for (var i = 1; i < CredentialLockout.MaxFailures; i++) Assert.Equal(SignInVerdict.Refused, (await account.SignIn("wrong password")).Verdict);

        var fifth = await account.SignIn("wrong password");
        await fixture.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var rightButLocked = await account.SignIn(Password);

        Assert.Equal(SignInVerdict.Locked, fifth.Verdict);
        Assert.Equal(SignInVerdict.Locked, rightButLocked.Verdict);
        Assert.InRange(rightButLocked.RetryAfter!.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        fixture.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(SignInVerdict.Granted, (await account.SignIn(Password)).Verdict);
    }

    [Fact]
    public async Task A_removed_account_signs_in_no_more_and_its_tokens_do_not_renew()
    {
        var username = NewUsername();
        var account = await Create(username);
        Assert.Equal(SignInVerdict.Granted, (await account.Refresh()).Verdict);

        var removed = await account.Remove(Actor.Admin("admin"));

        Assert.True(removed.Succeeded, removed.Problem?.Detail);
        Assert.Equal(SignInVerdict.Refused, (await account.SignIn(Password)).Verdict);
        Assert.Equal(SignInVerdict.Refused, (await account.Refresh()).Verdict);
        Assert.DoesNotContain(await fixture.Client.GetGrain<IStaffDirectoryGrain>(0).List(), a => a.Username == username);
    }

    [Fact]
    public async Task Only_an_admin_manages_accounts_and_a_new_account_needs_a_long_enough_password()
    {
        var account = fixture.Client.GetGrain<IStaffAccountGrain>(NewUsername());
        var definition = new StaffAccountDefinition("前台", StaffRole.Admin, [], Password);

        var byStaff = await account.Define(Actor.StaffOf("someone", "binjiang"), definition);
        var shortPassword = await account.Define(Actor.Admin("admin"), definition with { Password = "short" });
        var noPassword = await account.Define(Actor.Admin("admin"), definition with { Password = null });

        Assert.Equal(ProblemCodes.Forbidden, byStaff.Problem?.Code);
        Assert.Equal(ProblemCodes.InvalidRequest, shortPassword.Problem?.Code);
        Assert.Equal(ProblemCodes.InvalidRequest, noPassword.Problem?.Code);
        Assert.Null(await account.Get());
        Assert.Equal(ProblemCodes.Forbidden, (await account.Remove(Actor.StaffOf("someone", "binjiang"))).Problem?.Code);
    }

    [Fact]
    public async Task Replacing_an_account_without_a_password_keeps_the_password_and_changes_the_sites()
    {
        var username = NewUsername();
        var account = await Create(username, StaffRole.Staff, "binjiang");

        var replaced = await account.Define(Actor.Admin("admin"), new StaffAccountDefinition("前台", StaffRole.Staff, ["fuming"]));
        var signedIn = await account.SignIn(Password);

        Assert.False(replaced.Value!.Created);
        Assert.Equal(["fuming"], signedIn.Actor!.Sites);
    }

    private async Task<StaffAccountState> ReadState(string username)
    {
        var services = fixture.Cluster.Silos[0].ServiceProvider;
        var storage = services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Occupancy);
        var state = new GrainState<StaffAccountState>(new StaffAccountState());
        await storage.ReadStateAsync("account", fixture.Client.GetGrain<IStaffAccountGrain>(username).GetGrainId(), state);
        return state.State ?? throw new InvalidOperationException("No state was stored.");
    }
}
