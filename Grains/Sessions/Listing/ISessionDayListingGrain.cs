namespace Occupancy.Grains.Sessions.Listing;

/// <summary>
/// The read model of one site's local date, keyed like its calendar ("{siteId}/{yyyy-MM-dd}"): the last known
/// snapshot of each session listed that day. Sessions push to it after every durable write; it rebuilds from the
/// calendar and the sessions when it activates and checks on them now and then, so a listing answers from one
/// call per day instead of one per session.
/// Version 1 added the entries with their JSON (docs/upgrades.md, rule 1).
/// </summary>
[Orleans.CodeGeneration.Version(1)]
public interface ISessionDayListingGrain : IGrainWithStringKey
{
    /// <summary>A session's state after a durable write; an entry older than one already known changes nothing.</summary>
    Task Update(SessionListingEntry entry);

    /// <summary>The day's sessions ordered by start; a session that cannot answer is shown as last known.</summary>
    Task<IReadOnlyList<SessionSnapshot>> List();

    /// <summary>The same sessions with each one's contract JSON, made once per version (what a listing GET writes out).</summary>
    Task<IReadOnlyList<ListedSession>> Entries();
}
