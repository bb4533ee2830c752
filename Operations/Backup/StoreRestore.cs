using System.Diagnostics;
using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace Occupancy.Operations.Backup;

/// <summary>
/// Loads a backup file into a store. In order, and nothing is written until the first three pass: the whole file is
/// read and checked against its manifest; no silo is running on the store; the store holds nothing in the backup's
/// tables (or <c>force</c> is given, and those tables are emptied first). Then each table is created if missing and
/// loaded, in batches of one partition, several at once; the entity count is read back at the end.
/// </summary>
public static class StoreRestore
{
    /// <summary>A silo that wrote its heartbeat this recently is taken as running (the system's silos write it every 10 s).</summary>
    public static readonly TimeSpan AliveWithin = TimeSpan.FromSeconds(60);

    /// <summary>Transactions in flight at once: the store is far from its limits at 8, and this machine is small.</summary>
    private const int Parallelism = 8;

    /// <summary>The service's limits per transaction: 100 entities of one partition, 4 MiB; half that in JSON characters leaves room.</summary>
    private const int MaxBatchEntities = 100;
    private const int MaxBatchChars = 2 * 1024 * 1024;

    public sealed record Summary(IReadOnlyList<(string Table, long Entities)> Tables, long Cleared);

    public static async Task<Summary> RestoreAsync(TableServiceClient service, string path, bool force, TextWriter log, CancellationToken cancellationToken = default)
    {
        using var backup = BackupFile.Open(path);
        var manifest = backup.Manifest;
        var target = StoreAccount.Describe(service);
        log.WriteLine($"Restoring {path} (taken {manifest.StartedAt:u} from {manifest.Source.Account}, {manifest.Source.TableEndpoint}) into {target.Account} ({target.TableEndpoint})");

        var checking = Stopwatch.StartNew();
        await backup.VerifyAsync(cancellationToken);
        log.WriteLine($"  the file checks out: {string.Join(", ", manifest.Tables.Select(t => $"{t.Name} {t.Entities} entities"))} ({checking.Elapsed.TotalSeconds:F1} s)");

        await RefuseRunningSilosAsync(service, target, cancellationToken);
        var existing = await StoreAccount.TablesAsync(service, cancellationToken);
        var holding = new List<string>();
        foreach (var table in manifest.Tables)
        {
            if (existing.Contains(table.Name) && await StoreAccount.HoldsEntitiesAsync(service.GetTableClient(table.Name), cancellationToken)) holding.Add(table.Name);
        }
        if (holding.Count > 0 && !force)
        {
            throw new RestoreRefusedException(
                $"The store {target.Account} ({target.TableEndpoint}) already holds data in {string.Join(" and ", holding)}. " +
                "A restore goes into an empty store: point STORAGE_CONNECTION_STRING at a new storage account (or a fresh Azurite data folder), " +
                "or pass --force to delete what those tables hold and replace it with the backup.");
        }

        long cleared = 0;
        foreach (var name in holding)
        {
            var watch = Stopwatch.StartNew();
            var deleted = await ClearAsync(service.GetTableClient(name), cancellationToken);
            cleared += deleted;
            log.WriteLine($"  --force: deleted the {deleted} entities {name} held ({watch.Elapsed.TotalSeconds:F1} s)");
        }

        var restored = new List<(string, long)>();
        foreach (var table in manifest.Tables)
        {
            var watch = Stopwatch.StartNew();
            var client = service.GetTableClient(table.Name);
            await client.CreateIfNotExistsAsync(cancellationToken);
            var loaded = await LoadAsync(client, backup.ReadAsync(table, cancellationToken), table, cancellationToken);
            var counted = await CountAsync(client, cancellationToken);
            if (counted != table.Entities)
            {
                throw new RestoreFailedException(
                    $"After loading {loaded} entities into {table.Name} the store holds {counted}, not the backup's {table.Entities}: " +
                    "something else writes to it. Stop it and run the restore again with --force.");
            }
            log.WriteLine($"  {table.Name}: {loaded} entities restored in {watch.Elapsed.TotalSeconds:F1} s");
            restored.Add((table.Name, loaded));
        }
        return new Summary(restored, cleared);
    }

    /// <summary>
    /// Refuses a store a silo is running on: its grains keep their state in memory and would write it over the restored
    /// rows (or fail on every write, their ETags gone). Reads Orleans' membership rows: status Active, heartbeat recent.
    /// </summary>
    private static async Task RefuseRunningSilosAsync(TableServiceClient service, BackupSource target, CancellationToken cancellationToken)
    {
        var existing = await StoreAccount.TablesAsync(service, cancellationToken);
        if (!existing.Contains(StoreTables.Membership)) return;
        var now = DateTimeOffset.UtcNow;
        var running = new List<string>();
        await foreach (var silo in service.GetTableClient(StoreTables.Membership).QueryAsync<TableEntity>("Status eq 'Active'", cancellationToken: cancellationToken))
        {
            if (HeartbeatOf(silo) is { } heartbeat && now - heartbeat < AliveWithin)
            {
                running.Add($"{Text(silo, "SiloName") ?? silo.RowKey} at {Text(silo, "Address")}:{Text(silo, "Port")}, heartbeat {(now - heartbeat).TotalSeconds:F0} s ago");
            }
        }
        if (running.Count > 0)
        {
            throw new RestoreRefusedException(
                $"A silo is running on {target.Account} ({target.TableEndpoint}): {string.Join("; ", running)}. " +
                "Stop the whole system (every silo and Api node) before restoring: a running silo keeps grain state in memory and would write it over the restored rows.");
        }
    }

    /// <summary>Orleans writes the heartbeat as text ("yyyy-MM-dd HH:mm:ss.fff GMT"); anything unreadable counts as no heartbeat.</summary>
    private static DateTimeOffset? HeartbeatOf(TableEntity silo)
    {
        if (silo.TryGetValue("IAmAliveTime", out var value) && value is DateTimeOffset typed) return typed;
        if (Text(silo, "IAmAliveTime") is not { } text) return null;
        if (DateTimeOffset.TryParseExact(text, "yyyy-MM-dd HH:mm:ss.fff 'GMT'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var exact)) return exact;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var any) ? any : null;
    }

    private static string? Text(TableEntity entity, string name) => entity.TryGetValue(name, out var value) ? value?.ToString() : null;

    private static async Task<long> LoadAsync(TableClient table, IAsyncEnumerable<(TableEntity Entity, int Size)> entities, BackedUpTable backedUp, CancellationToken cancellationToken)
    {
        long loaded = 0;
        try
        {
            await Parallel.ForEachAsync(BatchesAsync(entities), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                async (batch, token) =>
                {
                    if (batch.Count == 1) await table.AddEntityAsync(batch[0], token);
                    else await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), token);
                    Interlocked.Add(ref loaded, batch.Count);
                });
        }
        catch (Exception e) when (e is RequestFailedException or TableTransactionFailedException)
        {
            throw new RestoreFailedException(
                $"The store refused a write after {Interlocked.Read(ref loaded)} of {backedUp.Entities} entities of {backedUp.Name} were restored: {e.Message} " +
                "The store now holds part of the backup; once the cause is fixed, run the restore again with --force.", e);
        }
        return loaded;
    }

    /// <summary>Consecutive entities of one partition (the file is in partition order), within a transaction's limits.</summary>
    private static async IAsyncEnumerable<List<TableEntity>> BatchesAsync(IAsyncEnumerable<(TableEntity Entity, int Size)> entities)
    {
        var batch = new List<TableEntity>();
        var chars = 0;
        await foreach (var (entity, size) in entities)
        {
            if (batch.Count > 0 && (batch[0].PartitionKey != entity.PartitionKey || batch.Count == MaxBatchEntities || chars + size > MaxBatchChars))
            {
                yield return batch;
                batch = [];
                chars = 0;
            }
            batch.Add(entity);
            chars += size;
        }
        if (batch.Count > 0) yield return batch;
    }

    /// <summary>Deletes every entity of the table (--force), by partition in batches, several at once.</summary>
    private static async Task<long> ClearAsync(TableClient table, CancellationToken cancellationToken)
    {
        long deleted = 0;
        var keys = table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"], maxPerPage: 1000, cancellationToken: cancellationToken);
        await Parallel.ForEachAsync(BatchesAsync(Sized(keys)), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (batch, token) =>
            {
                if (batch.Count == 1) await table.DeleteEntityAsync(batch[0].PartitionKey, batch[0].RowKey, ETag.All, token);
                else await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), token);
                Interlocked.Add(ref deleted, batch.Count);
            });
        return deleted;

        static async IAsyncEnumerable<(TableEntity, int)> Sized(AsyncPageable<TableEntity> keys)
        {
            await foreach (var key in keys) yield return (key, 0);
        }
    }

    private static async Task<long> CountAsync(TableClient table, CancellationToken cancellationToken)
    {
        long count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(select: ["PartitionKey"], maxPerPage: 1000, cancellationToken: cancellationToken)) count++;
        return count;
    }
}
