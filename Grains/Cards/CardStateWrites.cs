using Microsoft.Extensions.Logging;

namespace Occupancy.Grains.Cards;

/// <summary>
/// As <see cref="DurableState"/>, but the failure is logged without the grain id and the store's message: a card grain's
/// id is derived from its number, which never goes to the logs.
/// </summary>
internal static class CardStateWrites
{
    public static async Task WriteOrRevertAsync<T>(this IPersistentState<T> state, IGrainBase grain, ILogger logger, string what)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception writeError)
        {
            logger.LogWarning("State write of {What} failed ({Error}); deactivating it to drop the unacknowledged change", what, writeError.GetType().Name);
            grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "state write failed"));
            // Without the inner error: the store's message may name the row, which is the card number.
            throw new StorageUnavailableException("The store did not confirm the write; the outcome is unknown.");
        }
    }
}
