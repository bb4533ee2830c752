using Occupancy.Grains.Access;

namespace Occupancy.Grains.Alerts;

/// <summary>
/// One member's consent to absence alerts (keyed by member id) and the history of their alerts, kept beside the
/// member rather than in it. Access follows the member's private data (<see cref="AlertAccess"/>).
/// </summary>
public interface IAbsenceWatchGrain : IGrainWithStringKey
{
    /// <summary>The member, family, staff of the home site.</summary>
    Task<Outcome<AbsenceWatchView>> Get(Actor actor);

    /// <summary>Opts in (recording who and when) or, when already in, changes the pause; the member, family, staff of the home site.</summary>
    Task<Outcome<AbsenceWatchView>> OptIn(AbsenceWatchRequest request, Actor actor);

    /// <summary>Withdraws consent; idempotent. The member, family, staff of the home site.</summary>
    Task<Outcome<AbsenceWatchView>> Withdraw(Actor actor);

    /// <summary>The member's absence alerts, newest first: the member, family, staff of the home site.</summary>
    Task<Outcome<IReadOnlyList<AbsenceAlert>>> ListAlerts(Actor actor);

    /// <summary>The demo catalog's consent, recorded as staff would; only for a member who never gave or withdrew one.</summary>
    Task<bool> SeedIfAbsent(string? note);

    /// <summary>The consent as it stands, for the check at a meal's end (internal).</summary>
    Task<AbsenceWatchView> Current();

    /// <summary>A site reports an alert of this member raised or changed; idempotent by id and version (internal).</summary>
    Task Record(AbsenceAlert alert);
}
