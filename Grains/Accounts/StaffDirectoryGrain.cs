using Microsoft.Extensions.Logging;

namespace Occupancy.Grains.Accounts;

internal sealed class StaffDirectoryGrain(
    [PersistentState("staff", StorageNames.Occupancy)] IPersistentState<StaffDirectoryState> state,
    ILogger<StaffDirectoryGrain> logger) : Grain, IStaffDirectoryGrain
{
    public Task<IReadOnlyList<StaffAccountView>> List() =>
        Task.FromResult<IReadOnlyList<StaffAccountView>>(state.State.Accounts.Values.OrderBy(a => a.Username, StringComparer.Ordinal).ToArray());

    public async Task Register(StaffAccountView account)
    {
        if (state.State.Accounts.TryGetValue(account.Username, out var known) && Same(known, account)) return;
        state.State.Accounts[account.Username] = account;
        await state.WriteOrRevertAsync(this, logger);
    }

    public async Task Unregister(string username)
    {
        if (!state.State.Accounts.Remove(username)) return;
        await state.WriteOrRevertAsync(this, logger);
    }

    private static bool Same(StaffAccountView a, StaffAccountView b) =>
        a.Name == b.Name && a.Role == b.Role && a.Sites.SequenceEqual(b.Sites);
}
