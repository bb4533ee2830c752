using Microsoft.Extensions.Logging;

namespace Occupancy.Grains.Notices;

/// <summary>After the outbox's writes: the site's day list and the file mirror hear of what changed, at least once.</summary>
internal sealed partial class MemberNoticesGrain
{
    private bool NeedsMirror(NoticeRecord record) =>
        _options.File is { Length: > 0 } && record.Deliveries.Any(d => !d.Mirrored && d.Status is NoticeStatus.Delivered or NoticeStatus.Listed);

    private async Task ReportAsync()
    {
        var owed = S.Notices.Values.Where(r => r.Resolved && r.ReportedVersion < r.Version).ToList();
        foreach (var day in owed.GroupBy(r => SiteNoticesKey.Of(r.Notice.SiteId, r.SiteDate)))
        {
            var versions = day.Select(r => (Record: r, r.Version)).ToList();
            try
            {
                await GrainFactory.GetGrain<ISiteNoticesGrain>(day.Key).Report([.. day.Select(r => r.View())]);
                // Not written on its own: a lost mark only reports again, which the site's list ignores.
                foreach (var (record, version) in versions) record.ReportedVersion = Math.Max(record.ReportedVersion, version);
            }
            catch (Exception error)
            {
                _logger.LogWarning(error, "The site's notice list could not be told; retrying");
            }
        }
    }

    private async Task MirrorAsync()
    {
        if (_options.File is not { Length: > 0 }) return;
        var owed = S.Notices.Values
            .SelectMany(r => r.Deliveries.Where(d => !d.Mirrored && d.Status is NoticeStatus.Delivered or NoticeStatus.Listed).Select(d => (r, d)))
            .ToList();
        if (owed.Count == 0) return;
        try
        {
            await GrainFactory.GetGrain<INoticeMirrorGrain>(0).Append([.. owed.Select(o => Message(o.r, o.d, o.d.Attempts, o.d.DeliveredAt ?? Now))]);
            // Not written on its own (it was one store write of four per notice): the mark rides on the grain's next
            // write. A lost mark only appends again after a restart, which the mirror ignores (it dedupes by delivery id).
            foreach (var (_, delivery) in owed) delivery.Mirrored = true;
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "The notice file mirror could not be written; retrying");
        }
    }
}
