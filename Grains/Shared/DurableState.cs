using Microsoft.Extensions.Logging;

namespace Occupancy.Grains;

/// <summary>
/// Writes a grain's state; when the write fails, the grain is deactivated so that its next activation starts
/// from what the store holds, and nothing that was not acknowledged is ever saved by a later write.
/// The state is not read back here: against a stalled store that read waits out the table client's timeouts
/// a second time and doubles the time to answer (about 25 s instead of 13 s, close to Orleans' 30 s
/// response timeout), while the grain holds every other caller.
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
            // Requests queued behind this one are rerouted to a fresh activation, which reads the stored state.
            logger.LogWarning(writeError, "State write of {Grain} failed; deactivating it to drop the unacknowledged change",
                Telemetry.TracePrivacy.GrainId(grain.GrainContext.GrainId.ToString()));
            grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "state write failed"));
            throw new StorageUnavailableException("The store did not confirm the write; the outcome is unknown.", writeError);
        }
    }
}
