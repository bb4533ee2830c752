using Microsoft.Extensions.Logging;

namespace Occupancy.Grains;

/// <summary>
/// Writes a grain's state; when the write fails, the change in memory is discarded by reading the stored
/// state back, so nothing that was not acknowledged is ever saved by a later write.
/// </summary>
internal static class DurableState
{
    public static async Task WriteOrRevertAsync<T>(this IPersistentState<T> state, IGrainBase grain, ILogger logger)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception writeError)
        {
            logger.LogWarning(writeError, "State write of {Grain} failed; reverting to the stored state", grain.GrainContext.GrainId);
            try
            {
                await state.ReadStateAsync();
            }
            catch (Exception readError)
            {
                // Memory may hold an unacknowledged change and the store cannot tell us otherwise: start afresh.
                logger.LogWarning(readError, "Reverting {Grain} failed; deactivating it", grain.GrainContext.GrainId);
                grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "state write failed"));
            }
            throw new StorageUnavailableException("The store did not confirm the write; the outcome is unknown.", writeError);
        }
    }
}
