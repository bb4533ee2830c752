using Occupancy.Grains.Access;

namespace Occupancy.Grains.Notices;

internal sealed class SiteNoticesGrain(
    [PersistentState("sitenotices", StorageNames.Occupancy)] IPersistentState<SiteNoticesState> state) : Grain, ISiteNoticesGrain
{
    /// <summary>A day's list is bounded; past it the oldest settled notices make room.</summary>
    internal const int MaxPerDay = 5000;

    private string SiteId => SiteNoticesKey.SiteOf(this.GetPrimaryKeyString());

    public async Task Report(IReadOnlyList<NoticeView> notices)
    {
        var changed = false;
        foreach (var notice in notices)
        {
            if (state.State.Notices.TryGetValue(notice.NoticeId, out var known) && known.Version >= notice.Version) continue;
            state.State.Notices[notice.NoticeId] = notice;
            changed = true;
        }
        if (!changed) return;
        if (state.State.Notices.Count > MaxPerDay)
        {
            foreach (var old in state.State.Notices.Values
                         .Where(n => n.Status is not (NoticeStatus.Pending or NoticeStatus.Held))
                         .OrderBy(n => n.RaisedAt).Take(state.State.Notices.Count - MaxPerDay).ToList())
                state.State.Notices.Remove(old.NoticeId);
        }
        await state.WriteStateAsync();
    }

    public Task<Outcome<IReadOnlyList<NoticeView>>> List(Actor actor)
    {
        Outcome<IReadOnlyList<NoticeView>> answer = NoticeAccess.MayReadSite(actor, SiteId) is { } refusal
            ? refusal
            : state.State.Notices.Values.OrderByDescending(n => n.RaisedAt).ThenBy(n => n.NoticeId, StringComparer.Ordinal).ToList();
        return Task.FromResult(answer);
    }
}
