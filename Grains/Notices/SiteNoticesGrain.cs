using Occupancy.Grains.Access;

namespace Occupancy.Grains.Notices;

internal sealed class SiteNoticesGrain(
    [PersistentState("sitenotices", StorageNames.Occupancy)] IPersistentState<SiteNoticesState> state) : Grain, ISiteNoticesGrain
{
    /// <summary>
    /// What a day's list may take in its row, well inside the store's limit for one entity: a busy day's notices
    /// (thousands, about 800 bytes each as stored) once outgrew it, and every write after that failed. Past it the
    /// oldest settled notices make room; each member's own list keeps them all.
    /// </summary>
    internal const int MaxBytes = 384 * 1024;

    private readonly Dictionary<string, int> _sizes = [];
    private long _bytes = -1;

    private string SiteId => SiteNoticesKey.SiteOf(this.GetPrimaryKeyString());

    public async Task Report(IReadOnlyList<NoticeView> notices)
    {
        if (_bytes < 0) _bytes = state.State.Notices.Values.Sum(Measure);
        var changed = false;
        foreach (var notice in notices)
        {
            if (state.State.Notices.TryGetValue(notice.NoticeId, out var known) && known.Version >= notice.Version) continue;
            if (known is not null) _bytes -= Forget(known.NoticeId);
            state.State.Notices[notice.NoticeId] = notice;
            _bytes += Measure(notice);
            changed = true;
        }
        if (!changed) return;
        MakeRoom();
        await state.WriteStateAsync();
    }

    public Task<Outcome<IReadOnlyList<NoticeView>>> List(Actor actor)
    {
        Outcome<IReadOnlyList<NoticeView>> answer = NoticeAccess.MayReadSite(actor, SiteId) is { } refusal
            ? refusal
            : state.State.Notices.Values.OrderByDescending(n => n.RaisedAt).ThenBy(n => n.NoticeId, StringComparer.Ordinal).ToList();
        return Task.FromResult(answer);
    }

    /// <summary>Drops the oldest settled notices first, then the oldest of any, until the list fits.</summary>
    private void MakeRoom()
    {
        if (_bytes <= MaxBytes) return;
        var oldestFirst = state.State.Notices.Values
            .OrderBy(n => n.Status is NoticeStatus.Pending or NoticeStatus.Held ? 1 : 0)
            .ThenBy(n => n.RaisedAt)
            .Select(n => n.NoticeId)
            .ToList();
        foreach (var id in oldestFirst)
        {
            if (_bytes <= MaxBytes) break;
            state.State.Notices.Remove(id);
            _bytes -= Forget(id);
        }
    }

    private int Measure(NoticeView notice) =>
        _sizes[notice.NoticeId] = (StateSize.Of(ServiceProvider, notice) ?? 1024) + notice.NoticeId.Length + 8;

    private int Forget(string noticeId) => _sizes.Remove(noticeId, out var size) ? size : 0;
}
