using Microsoft.Extensions.Logging;

namespace Occupancy.Grains.Members;

internal sealed class PhoneIndexGrain(
    [PersistentState("phone", StorageNames.Occupancy)] IPersistentState<PhoneIndexState> state,
    ILogger<PhoneIndexGrain> logger) : Grain, IPhoneIndexGrain
{
    /// <summary>A family may share a phone; more than this many on one number is not a household.</summary>
    internal const int MaxMembers = 20;

    public async Task Add(string memberId)
    {
        var ids = state.State.MemberIds;
        if (ids.Contains(memberId)) return;
        ids.Add(memberId);
        if (ids.Count > MaxMembers) ids.RemoveAt(0);
        await state.WriteOrRevertAsync(this, logger);
    }

    public async Task Remove(string memberId)
    {
        if (!state.State.MemberIds.Remove(memberId)) return;
        await state.WriteOrRevertAsync(this, logger);
    }

    public Task<IReadOnlyList<string>> List() => Task.FromResult<IReadOnlyList<string>>(state.State.MemberIds.ToArray());
}
