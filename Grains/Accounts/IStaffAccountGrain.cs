using Occupancy.Grains.Access;

namespace Occupancy.Grains.Accounts;

/// <summary>
/// One staff account, keyed by username: its definition, its password hash and its failed sign-ins. One grain per
/// account so that verifying a password (slow on purpose) and counting failures never queue behind other accounts,
/// and the hash lives nowhere else; the <see cref="IStaffDirectoryGrain"/> keeps the list for the administration.
/// </summary>
public interface IStaffAccountGrain : IGrainWithStringKey
{
    Task<StaffAccountView?> Get();

    /// <summary>Creates (201) or replaces (200) the account; administrators only.</summary>
    Task<Outcome<DefinitionResult<StaffAccountView>>> Define(Actor actor, StaffAccountDefinition definition);

    /// <summary>Creates the account only if it does not exist (the demo catalog never overwrites an administrator).</summary>
    Task<bool> DefineIfAbsent(StaffAccountDefinition definition);

    /// <summary>Removes the account; its tokens stop refreshing. Administrators only; not-found when there is none.</summary>
    Task<Outcome<StaffAccountView>> Remove(Actor actor);

    /// <summary>Checks the password, counting failures and locking the account for a while after repeated ones.</summary>
    Task<SignInResult> SignIn(string password);

    /// <summary>A token's renewal: granted while the account exists, with its current role and sites.</summary>
    Task<SignInResult> Refresh();
}
