using Azure.Data.Tables;

namespace Occupancy.Bench.City;

/// <summary>
/// What the store holds: entities per table (grain state by kind of grain), and Azurite's data on disk. Azurite keeps
/// its tables in memory and saves them every few seconds, so the size on disk is read once it stops changing.
/// </summary>
internal static class StoreSize
{
    public sealed record Table(string Name, int Entities, IReadOnlyDictionary<string, int> ByKind);

    public static async Task<IReadOnlyList<Table>> CountAsync(string storage, CancellationToken cancellationToken = default)
    {
        var service = new TableServiceClient(storage, PatientOptions());
        var tables = new List<Table>();
        await foreach (var item in service.QueryAsync(cancellationToken: cancellationToken))
        {
            var client = service.GetTableClient(item.Name);
            var byKind = new Dictionary<string, int>();
            var count = 0;
            await foreach (var entity in client.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                count++;
                var kind = KindOf(entity.RowKey);
                byKind[kind] = byKind.GetValueOrDefault(kind) + 1;
            }
            tables.Add(new Table(item.Name, count, byKind));
        }
        return tables;
    }

    /// <summary>
    /// Not the system's 4 s: Azurite answers each page by walking the whole table, and at city size it stops answering for
    /// up to 4.5 s every 5 s while it saves its whole database (its CPU profile, BENCHMARKS.md).
    /// </summary>
    private static TableClientOptions PatientOptions()
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 5;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(60);
        return options;
    }

    /// <summary>Grain state rows are keyed by the state's name, then a '.' and the grain's hash (Silo/Storage); other tables have no kinds worth showing.</summary>
    private static string KindOf(string rowKey)
    {
        var cut = rowKey.IndexOfAny(['_', '/', '.']);
        return cut > 0 ? rowKey[..cut] : rowKey.Length <= 40 ? rowKey : "other";
    }

    /// <summary>Bytes under the folder once two readings <paramref name="settle"/> apart agree (at most a minute).</summary>
    public static async Task<long> OnDiskAsync(string folder, TimeSpan settle, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(folder)) return -1;
        var last = Bytes(folder);
        for (var i = 0; i < 60 / Math.Max(1, settle.TotalSeconds); i++)
        {
            await Task.Delay(settle, cancellationToken);
            var now = Bytes(folder);
            if (now == last) return now;
            last = now;
        }
        return last;
    }

    private static long Bytes(string folder) =>
        new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f =>
        {
            try
            {
                return f.Length;
            }
            catch (FileNotFoundException)
            {
                return 0;
            }
        });
}
