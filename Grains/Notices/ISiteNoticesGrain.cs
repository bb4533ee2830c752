using Occupancy.Grains.Access;

namespace Occupancy.Grains.Notices;

/// <summary>
/// A site's notices of one local day (key <see cref="SiteNoticesKey"/>): the member outboxes report each notice
/// here as it changes, idempotent by notice id and version; staff of the site list them.
/// </summary>
public interface ISiteNoticesGrain : IBatchedWrites
{
    /// <summary>Keeps the newest version of each notice; older or repeated reports change nothing. Durable on return.</summary>
    Task Report(IReadOnlyList<NoticeView> notices);

    /// <summary>The day's notices, newest first: staff of the site.</summary>
    Task<Outcome<IReadOnlyList<NoticeView>>> List(Actor actor);
}
