using Microsoft.Extensions.Logging;
using Occupancy.Grains.Access;

namespace Occupancy.Grains.Audit;

internal sealed class PhoneLookupAuditGrain(
    [PersistentState("audit", StorageNames.Occupancy)] IPersistentState<PhoneLookupAuditState> state,
    ILogger<PhoneLookupAuditGrain> logger) : Grain, IPhoneLookupAuditGrain
{
    /// <summary>
    /// A record costs about 200 bytes stored; 1,000 an hour keeps the row far below the store's limit and is
    /// several staff looking up at their budget's pace for the whole hour.
    /// </summary>
    internal const int MaxPerHour = 1000;

    public async Task<bool> Record(PhoneLookupRecord record)
    {
        if (state.State.Records.Count >= MaxPerHour) return false;
        state.State.Records.Add(record);
        await state.WriteOrRevertAsync(this, logger);
        return true;
    }

    public Task<Outcome<IReadOnlyList<PhoneLookupRecord>>> List(Actor actor) =>
        Task.FromResult<Outcome<IReadOnlyList<PhoneLookupRecord>>>(actor.IsAllPowerful
            ? state.State.Records.ToArray()
            : Actor.Forbidden("read the phone look-up audit"));
}
