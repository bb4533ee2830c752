using Microsoft.Extensions.Logging;

namespace Occupancy.Grains.Alerts;

/// <summary>How a canteen starts its site's absence checks when it is defined (and again at every seeding, for sites defined before).</summary>
internal static class AbsenceChecks
{
    public static async Task ArmAsync(IGrainFactory grains, string siteId, ILogger logger)
    {
        try
        {
            await grains.GetGrain<ISiteAlertsGrain>(siteId).Arm();
        }
        catch (Exception error)
        {
            // The canteen is defined either way; its next definition or seeding arms the checks again.
            logger.LogWarning(error, "Absence checks of site {Site} could not be started", siteId);
        }
    }
}
