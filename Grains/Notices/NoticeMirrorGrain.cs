using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Occupancy.Grains.Notices;

/// <summary>
/// Deduplicates by delivery id against the file itself (read once per activation), so a repeated append after a
/// restart or a retried call writes nothing twice.
/// </summary>
internal sealed class NoticeMirrorGrain(IOptions<NoticeOptions> options, ILogger<NoticeMirrorGrain> logger) : Grain, INoticeMirrorGrain
{
    private HashSet<string>? _written;

    public async Task Append(IReadOnlyList<NoticeMessage> lines)
    {
        if (options.Value.File is not { Length: > 0 } path) return;
        _written ??= await ReadWrittenAsync(path);
        var text = new System.Text.StringBuilder();
        var added = new List<string>();
        foreach (var line in lines)
        {
            if (_written.Contains(line.DeliveryId) || added.Contains(line.DeliveryId)) continue;
            text.Append(JsonSerializer.Serialize(line, OccupancyJson.Options)).Append('\n');
            added.Add(line.DeliveryId);
        }
        if (added.Count == 0) return;
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder) Directory.CreateDirectory(folder);
        await File.AppendAllTextAsync(path, text.ToString());
        _written.UnionWith(added);
    }

    private async Task<HashSet<string>> ReadWrittenAsync(string path)
    {
        var written = new HashSet<string>(StringComparer.Ordinal);
        if (!File.Exists(path)) return written;
        foreach (var line in await File.ReadAllLinesAsync(path))
        {
            try
            {
                if (JsonSerializer.Deserialize<NoticeMessage>(line, OccupancyJson.Options) is { } message) written.Add(message.DeliveryId);
            }
            catch (JsonException)
            {
                // A line torn by a crash mid-append: its delivery is appended again whole.
                logger.LogWarning("The notice mirror has a line it cannot read; skipped");
            }
        }
        return written;
    }
}
