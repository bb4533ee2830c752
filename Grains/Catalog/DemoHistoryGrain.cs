namespace Occupancy.Grains.Catalog;

internal sealed class DemoHistoryGrain(
    [PersistentState("demohistory", StorageNames.Occupancy)] IPersistentState<DemoHistoryState> state) : Grain, IDemoHistoryGrain
{
    public async Task<DateOnly?> Begin(DateOnly today)
    {
        if (state.State.Complete) return null;
        if (state.State.Anchor is { } anchor) return anchor;
        state.State.Anchor = today;
        await WriteOrForgetAsync(() => state.State.Anchor = null);
        return today;
    }

    public async Task Complete()
    {
        if (state.State.Complete) return;
        state.State.Complete = true;
        await WriteOrForgetAsync(() => state.State.Complete = false);
    }

    /// <summary>Written before answering; a failed write leaves memory as the store has it.</summary>
    private async Task WriteOrForgetAsync(Action rollback)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            rollback();
            throw;
        }
    }
}
