using Occupancy.Grains.Access;
using Occupancy.Grains.Live;

namespace Occupancy.Grains.Alerts;

/// <summary>
/// One site's absence alerts (keyed by site id): the checks at each of its canteens' meal ends, the alerts they
/// raise, acknowledgement and re-raising. A durable reminder wakes it, so a silo crash does not lose a check; each
/// absence has one stable id, so a check that runs twice raises it once. Watched on <c>alerts:{siteId}</c>.
/// </summary>
public interface ISiteAlertsGrain : IWatchable, IRemindable
{
    /// <summary>Starts the checks of this site (idempotent): called when one of its canteens is defined.</summary>
    Task Arm();

    /// <summary>Runs the checks that fell due by the domain clock and re-raises what was left open too long; answers the alerts raised.</summary>
    Task<IReadOnlyList<AbsenceAlert>> CheckDue();

    /// <summary>The site's alerts, open first then the closed history, newest first: staff of the site and administrators.</summary>
    Task<Outcome<IReadOnlyList<AbsenceAlert>>> List(Actor actor);

    /// <summary>Closes an alert with what staff found; acknowledging a closed alert again answers it unchanged.</summary>
    Task<Outcome<AbsenceAlert>> Acknowledge(string alertId, AcknowledgeRequest request, Actor actor);
}
