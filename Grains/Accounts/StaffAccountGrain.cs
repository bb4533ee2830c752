using Microsoft.Extensions.Logging;
using Occupancy.Grains.Access;

namespace Occupancy.Grains.Accounts;

/// <summary>Writes the account, then lists it in the directory; a failed listing is mended by the next definition.</summary>
// Probing unknown names or numbers activates grains that hold nothing: they go after two idle minutes rather than
// at once, since deactivating after every call made concurrent attempts on one name bounce between activations
// until Orleans gave up forwarding them (503).
[CollectionAgeLimit(Minutes = 2)]
internal sealed class StaffAccountGrain(
    [PersistentState("account", StorageNames.Occupancy)] IPersistentState<StaffAccountState> state,
    DomainClock clock,
    ILogger<StaffAccountGrain> logger) : Grain, IStaffAccountGrain
{
    private StaffAccountState S => state.State;

    private string Username => this.GetPrimaryKeyString();

    public Task<StaffAccountView?> Get() => Task.FromResult(S.Account);

    public async Task<Outcome<DefinitionResult<StaffAccountView>>> Define(Actor actor, StaffAccountDefinition definition)
    {
        if (!actor.IsAllPowerful) return Actor.Forbidden("manage staff accounts");
        if (!Usernames.IsValid(Username)) return Problem.Invalid("username", "username has the id shape (dots allowed).");
        var creating = S.Account is null;
        if (definition.Validate(creating) is { } invalid) return invalid;
        var account = new StaffAccountView(Username, definition.Name.Trim(), definition.Role,
            definition.SitesOrEmpty.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray());
        if (definition.Password is { } password)
        {
            S.PasswordHash = await SecretHasher.Hash(password);
            CredentialLockout.Succeeded(S.Attempts); // a new password starts with a clean slate
        }
        S.Account = account;
        await state.WriteOrRevertAsync(this, logger);
        await GrainFactory.GetGrain<IStaffDirectoryGrain>(0).Register(account);
        return new DefinitionResult<StaffAccountView>(account, creating);
    }

    public async Task<bool> DefineIfAbsent(StaffAccountDefinition definition)
    {
        if (S.Account is not null) return false;
        return (await Define(Actor.System, definition)).Succeeded;
    }

    public async Task<Outcome<StaffAccountView>> Remove(Actor actor)
    {
        if (!actor.IsAllPowerful) return Actor.Forbidden("manage staff accounts");
        if (S.Account is not { } account) return Problem.NotFound($"Staff account '{Username}'");
        state.State = new StaffAccountState();
        await state.WriteOrRevertAsync(this, logger);
        await GrainFactory.GetGrain<IStaffDirectoryGrain>(0).Unregister(Username);
        return account;
    }

    public async Task<SignInResult> SignIn(string password)
    {
        var now = clock.UtcNow;
        if (CredentialLockout.LockedFor(S.Attempts, now) is { } locked) return SignInResult.Locked(locked);
        var right = await SecretHasher.Verify(S.PasswordHash, password);
        if (S.Account is not { } account)
        {
            return SignInResult.Refused; // nothing to count for a credential nobody holds
        }
        if (!right)
        {
            var lockedNow = CredentialLockout.Failed(S.Attempts, now);
            await state.WriteOrRevertAsync(this, logger);
            return lockedNow is { } retry ? SignInResult.Locked(retry) : SignInResult.Refused;
        }
        if (CredentialLockout.Succeeded(S.Attempts)) await state.WriteOrRevertAsync(this, logger);
        return Granted(account);
    }

    public Task<SignInResult> Refresh() =>
        Task.FromResult(S.Account is { } account ? Granted(account) : SignInResult.Refused);

    private static SignInResult Granted(StaffAccountView account) =>
        SignInResult.Granted(account.Role == StaffRole.Admin
            ? Actor.Admin(account.Username) with { Sites = account.Sites }
            : Actor.StaffOf(account.Username, [.. account.Sites]), account.Name);
}
