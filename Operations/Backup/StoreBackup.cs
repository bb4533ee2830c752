using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using Azure.Data.Tables;

namespace Occupancy.Operations.Backup;

/// <summary>
/// Writes every table of <see cref="StoreTables.BackedUp"/> to one backup file, page by page (memory stays flat however
/// big the store), then reads the file back and checks it before giving it its name: a file under the name asked for
/// is always complete and sound.
/// </summary>
public static class StoreBackup
{
    /// <summary>Entities per page read from the store (the service's maximum).</summary>
    private const int PageSize = 1000;

    public static async Task<BackupManifest> WriteAsync(TableServiceClient service, string path, TextWriter log, CancellationToken cancellationToken = default)
    {
        if (File.Exists(path)) throw new IOException($"{path} already exists; a backup never overwrites a file.");
        var partial = path + ".partial";
        var started = DateTimeOffset.UtcNow;
        var source = StoreAccount.Describe(service);
        log.WriteLine($"Backing up {source.Account} ({source.TableEndpoint}) to {path}");
        var existing = await StoreAccount.TablesAsync(service, cancellationToken);
        var skipped = existing.Where(t => !StoreTables.BackedUp.Contains(t)).Select(t => new SkippedTable(t, StoreTables.WhyNotBackedUp(t))).ToList();

        try
        {
            BackupManifest manifest;
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
            {
                var tables = new List<BackedUpTable>();
                foreach (var name in StoreTables.BackedUp)
                {
                    tables.Add(await WriteTableAsync(zip, started, existing.Contains(name) ? service.GetTableClient(name) : null, name, log, cancellationToken));
                }

                manifest = new BackupManifest(BackupManifest.FormatName, BackupManifest.CurrentVersion, started, DateTimeOffset.UtcNow, source,
                    ToolVersion(), tables, skipped);
                var entry = zip.CreateEntry(BackupManifest.EntryName, CompressionLevel.Optimal);
                entry.LastWriteTime = started;
                await using var stream = entry.Open();
                await JsonSerializer.SerializeAsync(stream, manifest, BackupManifest.Json, cancellationToken);
            }

            foreach (var table in skipped) log.WriteLine($"  not backed up: {table.Name} ({table.Reason})");
            var checking = Stopwatch.StartNew();
            using (var written = BackupFile.Open(partial)) await written.VerifyAsync(cancellationToken);
            log.WriteLine($"  read back and checked in {checking.Elapsed.TotalSeconds:F1} s");
            File.Move(partial, path);
            return manifest;
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    private static async Task<BackedUpTable> WriteTableAsync(
        ZipArchive zip, DateTimeOffset started, TableClient? table, string name, TextWriter log, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var entryName = BackupFile.EntryOf(name);
        var entry = zip.CreateEntry(entryName, CompressionLevel.Optimal);
        entry.LastWriteTime = started;
        using var hashing = new HashingStream(entry.Open());
        var lines = new EntityLine.Writer();
        long entities = 0;
        // A table the system has not made yet (no reminder ever set) is backed up empty: a restore then makes it too.
        if (table is not null)
        {
            await foreach (var page in table.QueryAsync<TableEntity>(maxPerPage: PageSize, cancellationToken: cancellationToken).AsPages())
            {
                foreach (var entity in page.Values)
                {
                    hashing.Write(lines.LineOf(entity).Span);
                    entities++;
                }
                if (entities % 50_000 < page.Values.Count && entities >= 50_000) log.WriteLine($"  {name}: {entities} entities so far");
            }
        }

        var backedUp = new BackedUpTable(name, entryName, entities, hashing.Count, hashing.Sha256());
        log.WriteLine($"  {name}: {entities} entities, {hashing.Count / 1024.0 / 1024.0:F1} MB uncompressed, read in {watch.Elapsed.TotalSeconds:F1} s");
        return backedUp;
    }

    private static string ToolVersion()
    {
        var assembly = typeof(StoreBackup).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString();
        return $"Occupancy Operations {version}";
    }
}
