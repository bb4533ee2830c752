namespace Occupancy.Grains.Accounts;

/// <summary>
/// The list of staff accounts (a single grain: a centre has tens of accounts, each a short entry without its hash).
/// Kept by the account grains after they write; an account is the truth, the directory its listing.
/// </summary>
public interface IStaffDirectoryGrain : IGrainWithIntegerKey
{
    Task<IReadOnlyList<StaffAccountView>> List();

    Task Register(StaffAccountView account);

    Task Unregister(string username);
}
