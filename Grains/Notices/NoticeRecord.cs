namespace Occupancy.Grains.Notices;

/// <summary>A notice in a member's outbox: the notice, its deliveries, and what the site's day list has seen of it.</summary>
[GenerateSerializer, Alias("NoticeRecord")]
internal sealed class NoticeRecord
{
    [Id(0)] public Notice Notice { get; set; } = null!;
    [Id(1)] public List<NoticeDelivery> Deliveries { get; set; } = [];
    [Id(2)] public bool Withdrawn { get; set; }
    /// <summary>Bumped on every change; the site's list keeps the highest it was told.</summary>
    [Id(3)] public long Version { get; set; }
    /// <summary>Site-local day the notice is listed under on the site's list.</summary>
    [Id(4)] public DateOnly SiteDate { get; set; }
    /// <summary>Not state that must survive: a lost value only reports again (the site's list is idempotent).</summary>
    [Id(5)] public long ReportedVersion { get; set; }
    /// <summary>
    /// Whether the recipients were worked out: from the contact the member's grain sent with the notice, else by the
    /// outbox after the notice was stored (Apply asks no member's grain, so a producer that is itself the member's
    /// grain never waits on a call back to it).
    /// </summary>
    [Id(6)] public bool Resolved { get; set; }

    public bool IsOpen => (!Resolved && !Withdrawn) || Deliveries.Any(d => d.IsOpen);

    /// <summary>The notice's status from its deliveries: open before settled, and delivered before listed before failed.</summary>
    public NoticeStatus Status
    {
        get
        {
            if (Withdrawn && !Deliveries.Any(d => d.Status == NoticeStatus.Delivered)) return NoticeStatus.Withdrawn;
            if (!Resolved) return NoticeStatus.Pending;
            if (Deliveries.Count == 0) return NoticeStatus.Listed;
            if (Deliveries.Any(d => d.Status == NoticeStatus.Pending)) return NoticeStatus.Pending;
            if (Deliveries.Any(d => d.Status == NoticeStatus.Held)) return NoticeStatus.Held;
            if (Deliveries.Any(d => d.Status == NoticeStatus.Delivered)) return NoticeStatus.Delivered;
            if (Deliveries.Any(d => d.Status == NoticeStatus.Listed)) return NoticeStatus.Listed;
            return Deliveries.Any(d => d.Status == NoticeStatus.Failed) ? NoticeStatus.Failed : NoticeStatus.Withdrawn;
        }
    }

    public NoticeView View()
    {
        var n = Notice;
        return new NoticeView(n.NoticeId, n.MemberId, n.SiteId, n.Kind, n.Text, n.TextEn, n.RaisedAt, n.UsefulUntil, n.Urgent, n.NotBefore,
            Status, [.. Deliveries.Select(d => d.View())], Version);
    }
}
