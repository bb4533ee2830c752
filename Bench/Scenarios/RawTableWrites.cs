using System.Diagnostics;
using Azure;
using Azure.Data.Tables;

namespace Occupancy.Bench.Scenarios;

/// <summary>
/// The store's own write rates, the floors of table updates: conditional replaces (If-Match, as the grain storage
/// writes) of an entity shaped like a stored canteen, to the same Azurite the system uses. Sequential: one writer,
/// one entity, each write after the last. Concurrent: one writer per entity, all at once.
/// </summary>
internal sealed class RawTableWrites
{
    private readonly TableClient _table;
    private readonly TableEntity _shape;

    private RawTableWrites(TableClient table, TableEntity shape)
    {
        _table = table;
        _shape = shape;
    }

    public int PayloadBytes { get; private init; }

    /// <summary>A fresh table; the entity is a copy of <paramref name="canteenId"/>'s stored state when it is found, else 2 KB of data.</summary>
    public static async Task<RawTableWrites> Create(string storage, string canteenId)
    {
        // The SDK's own client (its default timeouts and retries): a floor that waits out a busy store rather than failing fast.
        var service = new TableServiceClient(storage);
        var shape = await StoredStateOf(service, canteenId) ?? new TableEntity { ["Data"] = new byte[2048] };
        var table = service.GetTableClient($"benchraw{Guid.NewGuid():N}"[..24]);
        await table.CreateIfNotExistsAsync();
        var bytes = ((IDictionary<string, object>)shape).Values.Sum(v => v switch { byte[] b => b.Length, string s => s.Length * 2, _ => 8 });
        return new RawTableWrites(table, shape) { PayloadBytes = bytes };
    }

    public Task DeleteAsync() => _table.DeleteAsync();

    /// <summary>Writes that failed (and were not counted) since the floor was created.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    private long _failures;

    /// <summary>Writes one after another for <paramref name="duration"/>: writes/s.</summary>
    public async Task<double> Sequential(TimeSpan duration) => await Writers(1, duration);

    /// <summary><paramref name="writers"/> writers, each on its own entity, for <paramref name="duration"/>: writes/s in all.</summary>
    public async Task<double> Concurrent(int writers, TimeSpan duration) => await Writers(writers, duration);

    private async Task<double> Writers(int writers, TimeSpan duration)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var etags = new ETag[writers];
        for (var w = 0; w < writers; w++)
        {
            var entity = Entity($"{run}-{w}");
            etags[w] = (await _table.AddEntityAsync(entity)).Headers.ETag ?? ETag.All;
        }

        long writes = 0;
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
        {
            var entity = Entity($"{run}-{w}");
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                try
                {
                    var response = await _table.UpdateEntityAsync(entity, etags[w], TableUpdateMode.Replace);
                    etags[w] = response.Headers.ETag ?? ETag.All;
                    Interlocked.Increment(ref writes);
                }
                catch (RequestFailedException)
                {
                    // A write that timed out may have landed: go on from the stored etag.
                    Interlocked.Increment(ref _failures);
                    etags[w] = (await _table.GetEntityAsync<TableEntity>(entity.PartitionKey, entity.RowKey)).Value.ETag;
                }
            }
        }));
        return writes / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private TableEntity Entity(string key)
    {
        var entity = new TableEntity(key, "state");
        foreach (var (name, value) in _shape) entity[name] = value;
        return entity;
    }

    /// <summary>The grain storage's row of the canteen (Orleans' default table), without its keys.</summary>
    private static async Task<TableEntity?> StoredStateOf(TableServiceClient service, string canteenId)
    {
        try
        {
            await foreach (var row in service.GetTableClient("OrleansGrainState").QueryAsync<TableEntity>(maxPerPage: 1000))
            {
                if (!row.PartitionKey.Contains(canteenId, StringComparison.Ordinal)) continue;
                var shape = new TableEntity();
                foreach (var (name, value) in row)
                {
                    if (name is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")) shape[name] = value;
                }
                return shape;
            }
        }
        catch (RequestFailedException)
        {
        }
        return null;
    }
}
