using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Occupancy.Grains.Access;
using Orleans.Concurrency;
using Orleans.Serialization;

namespace Occupancy.Grains.Notices;

/// <summary>
/// Every member's outbox of the site reports here, so on a busy day reports arrive far faster than one write each
/// could take them (the whole list is one row of up to <see cref="MaxBytes"/>): reports that arrive while a write is
/// in flight share the next one (<see cref="GroupCommit{TState}"/>).
/// </summary>
[Reentrant]
internal sealed class SiteNoticesGrain(
    [PersistentState("sitenotices", StorageNames.Occupancy)] IPersistentState<SiteNoticesState> state,
    ILogger<SiteNoticesGrain> logger) : Grain, ISiteNoticesGrain
{
    /// <summary>
    /// What a day's list may take in its row, well inside the store's limit for one entity: a busy day's notices
    /// (thousands, about 800 bytes each as stored) once outgrew it, and every write after that failed. Past it the
    /// oldest settled notices make room; each member's own list keeps them all.
    /// </summary>
    internal const int MaxBytes = 384 * 1024;

    /// <summary>The least time between two writes of the list.</summary>
    internal static readonly TimeSpan WritePace = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, int> _sizes = [];
    private long _bytes = -1;
    private GroupCommit<SiteNoticesState> _commit = null!;
    private long _reportsWritten;

    private string SiteId => SiteNoticesKey.SiteOf(this.GetPrimaryKeyString());

    private SiteNoticesState S => _commit.Working;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _commit = new GroupCommit<SiteNoticesState>(state, ServiceProvider.GetRequiredService<DeepCopier<SiteNoticesState>>(), this, logger)
        {
            // A report that failed is sent again by its outbox; no need to ask the store what it holds first.
            ReadBack = false,
            // The list is one row of up to MaxBytes, rewritten whole: on a busy day it was written back to back and
            // kept the store busy; reports come from outboxes in the background, which can wait a second.
            Pace = WritePace,
            // The list restarted from what the store acknowledged: its sizes are counted again from that.
            Reverted = () =>
            {
                _sizes.Clear();
                _bytes = -1;
            },
        };
        return Task.CompletedTask;
    }

    public async Task Report(IReadOnlyList<NoticeView> notices)
    {
        if (_bytes < 0) _bytes = S.Notices.Values.Sum(Measure);
        var changed = false;
        foreach (var notice in notices)
        {
            if (S.Notices.TryGetValue(notice.NoticeId, out var known) && known.Version >= notice.Version) continue;
            if (known is not null) _bytes -= Forget(known.NoticeId);
            S.Notices[notice.NoticeId] = notice;
            _bytes += Measure(notice);
            changed = true;
        }
        // Durable on return: a report already made by a write still in flight waits for that write too.
        if (!changed && notices.All(IsDurable)) return;
        MakeRoom();
        await _commit.CommitAsync();
        if (changed) _reportsWritten++;
    }

    public Task<WriteCount> WriteCount() => Task.FromResult(new WriteCount(_commit.Writes, _reportsWritten));

    public Task<Outcome<IReadOnlyList<NoticeView>>> List(Actor actor)
    {
        Outcome<IReadOnlyList<NoticeView>> answer = NoticeAccess.MayReadSite(actor, SiteId) is { } refusal
            ? refusal
            : _commit.Durable.Notices.Values.OrderByDescending(n => n.RaisedAt).ThenBy(n => n.NoticeId, StringComparer.Ordinal).ToList();
        return Task.FromResult(answer);
    }

    /// <summary>Stored at this version or newer, or no longer kept at all (made room for).</summary>
    private bool IsDurable(NoticeView notice) =>
        _commit.Durable.Notices.TryGetValue(notice.NoticeId, out var stored) ? stored.Version >= notice.Version : !S.Notices.ContainsKey(notice.NoticeId);

    /// <summary>Drops the oldest settled notices first, then the oldest of any, until the list fits.</summary>
    private void MakeRoom()
    {
        if (_bytes <= MaxBytes) return;
        var oldestFirst = S.Notices.Values
            .OrderBy(n => n.Status is NoticeStatus.Pending or NoticeStatus.Held ? 1 : 0)
            .ThenBy(n => n.RaisedAt)
            .Select(n => n.NoticeId)
            .ToList();
        foreach (var id in oldestFirst)
        {
            if (_bytes <= MaxBytes) break;
            S.Notices.Remove(id);
            _bytes -= Forget(id);
        }
    }

    private int Measure(NoticeView notice) =>
        _sizes[notice.NoticeId] = (StateSize.Of(ServiceProvider, notice) ?? 1024) + notice.NoticeId.Length + 8;

    private int Forget(string noticeId) => _sizes.Remove(noticeId, out var size) ? size : 0;
}
