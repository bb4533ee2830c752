using Occupancy.Grains.Access;

namespace Occupancy.Grains.Notices;

/// <summary>
/// The seam producers enqueue notices through: one grain per member (keyed by member id) keeps the member's notice
/// preferences and a durable outbox that delivers each notice at least once. Version 1 added <see cref="Apply"/>
/// (docs/upgrades.md, rule 1).
/// </summary>
[Orleans.CodeGeneration.Version(1)]
public interface IMemberNoticesGrain : IGrainWithStringKey
{
    /// <summary>Idempotent by <see cref="Notice.NoticeId"/>; returns once the notice is durable.</summary>
    /// <remarks>
    /// Interleaves with this grain's other requests: the member's grain enqueues inside its own turn, while a read of
    /// the notices may be waiting for that grain (for the member's profile); queued behind it, both would stall.
    /// </remarks>
    [AlwaysInterleave]
    Task Enqueue(Notice notice);

    /// <summary>Withdraws a notice not yet delivered (a reminder whose booking was cancelled); idempotent; durable on return.</summary>
    [AlwaysInterleave]
    Task Withdraw(string noticeId);

    /// <summary>Withdraws and then enqueues, as <see cref="Withdraw"/> and <see cref="Enqueue"/> do, in one write; durable on return.</summary>
    [AlwaysInterleave]
    Task Apply(NoticeChanges changes);

    /// <summary>The preferences as they apply: the member, family, staff of the home site (see <see cref="NoticeAccess"/>).</summary>
    Task<Outcome<NoticePreferencesView>> GetPreferences(Actor actor);

    /// <summary>Replaces the preferences (the same people as <see cref="GetPreferences"/>); applies to notices still held.</summary>
    Task<Outcome<NoticePreferencesView>> SetPreferences(NoticePreferences preferences, Actor actor);

    /// <summary>The member's notices, newest first, with their deliveries (phones masked).</summary>
    Task<Outcome<IReadOnlyList<NoticeView>>> List(Actor actor);
}
