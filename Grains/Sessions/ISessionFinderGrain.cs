namespace Occupancy.Grains.Sessions;

/// <summary>
/// Lists sessions by site or facility and local dates (stateless; any silo answers). Version 1 added the JSON answer
/// (docs/upgrades.md, rule 1).
/// </summary>
[Orleans.CodeGeneration.Version(1)]
public interface ISessionFinderGrain : IGrainWithIntegerKey
{
    /// <summary>Session snapshots ordered by start; not-found when the site or facility does not exist.</summary>
    Task<Outcome<IReadOnlyList<SessionSnapshot>>> Find(SessionQuery query);

    /// <summary>The same listing as the contract's JSON array, joined from the JSON the day listings keep per session.</summary>
    Task<Outcome<SessionListingJson>> FindJson(SessionQuery query);
}
