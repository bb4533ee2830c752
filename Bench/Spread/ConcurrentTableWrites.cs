using System.Diagnostics;
using Azure.Data.Tables;

namespace Occupancy.Bench.Spread;

/// <summary>
/// The spread's floor: the store's own concurrent write rate. Writers upsert entities with a binary payload of a
/// session state's size, each writer on an entity no other is writing at that moment (as spread bookings write
/// different sessions), into a table of their own on the same Azurite as the system.
/// </summary>
internal sealed class ConcurrentTableWrites : IAsyncDisposable
{
    private const int MaxProperty = 64 * 1024;
    private readonly TableClient _table;
    private readonly int _entities;
    private readonly byte[] _payload;

    private ConcurrentTableWrites(TableClient table, int entities, byte[] payload)
    {
        _table = table;
        _entities = entities;
        _payload = payload;
    }

    /// <summary>Creates the table and its entities (not measured).</summary>
    public static async Task<ConcurrentTableWrites> PrepareAsync(string storage, int entities, int payloadBytes)
    {
        // A plain client with the SDK's defaults, as a user would write it (not the system's short-timeout, circuit-breaking one).
        var table = new TableServiceClient(storage).GetTableClient($"spreadfloor{Guid.NewGuid():N}"[..24]);
        await table.CreateIfNotExistsAsync();
        var payload = new byte[payloadBytes];
        Random.Shared.NextBytes(payload);
        var writes = new ConcurrentTableWrites(table, entities, payload);
        await Parallel.ForEachAsync(Enumerable.Range(0, entities), new ParallelOptions { MaxDegreeOfParallelism = 32 },
            async (i, _) => await table.UpsertEntityAsync(writes.Entity(i, 0), TableUpdateMode.Replace));
        return writes;
    }

    /// <returns>Writes per second and the latency of each write.</returns>
    public async Task<(double PerSecond, Latencies Latency)> RunAsync(int writes, int writers)
    {
        var latency = new Latencies();
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < writes)
            {
                var sent = Stopwatch.GetTimestamp();
                await _table.UpsertEntityAsync(Entity(i % _entities, i), TableUpdateMode.Replace);
                latency.Add(Stopwatch.GetElapsedTime(sent));
            }
        }));
        return (writes / Stopwatch.GetElapsedTime(started).TotalSeconds, latency);
    }

    /// <summary>The payload in properties of at most 64 KiB (the store's limit for one), as Orleans splits a large state.</summary>
    private TableEntity Entity(int entity, int version)
    {
        var row = new TableEntity($"session-{entity:D5}", "state") { ["Version"] = version };
        for (int offset = 0, part = 0; offset < _payload.Length; offset += MaxProperty, part++)
            row[$"Data{part}"] = _payload[offset..Math.Min(_payload.Length, offset + MaxProperty)];
        return row;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _table.DeleteAsync();
        }
        catch (Azure.RequestFailedException)
        {
            // Left behind in the bench's own throwaway store: harmless.
        }
    }
}
