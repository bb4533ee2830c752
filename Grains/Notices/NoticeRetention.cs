namespace Occupancy.Grains.Notices;

/// <summary>A member's notice history is bounded: settled notices go after 30 days, and at most 200 are kept.</summary>
internal static class NoticeRetention
{
    public static readonly TimeSpan Keep = TimeSpan.FromDays(30);
    public const int MaxNotices = 200;

    public static void Prune(MemberNoticesState state, DateTimeOffset now)
    {
        foreach (var old in state.Notices.Values.Where(r => !r.IsOpen && r.ReportedVersion >= r.Version && now - r.Notice.RaisedAt > Keep).ToList())
            state.Notices.Remove(old.Notice.NoticeId);
        if (state.Notices.Count <= MaxNotices) return;
        // Over the cap: the oldest settled ones go first; open notices are never dropped.
        foreach (var old in state.Notices.Values.Where(r => !r.IsOpen).OrderBy(r => r.Notice.RaisedAt).Take(state.Notices.Count - MaxNotices).ToList())
            state.Notices.Remove(old.Notice.NoticeId);
    }
}
