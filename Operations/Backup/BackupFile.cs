using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;

namespace Occupancy.Operations.Backup;

/// <summary>
/// A backup file opened for reading: a zip holding <c>manifest.json</c> and one <c>tables/NAME.jsonl</c> per table
/// (deflate-compressed, one entity per line). Opening it checks the manifest; <see cref="VerifyAsync"/> reads every
/// table through and checks its entity count and SHA-256, and that every line is an entity.
/// </summary>
public sealed partial class BackupFile : IDisposable
{
    private readonly ZipArchive _zip;

    private BackupFile(string path, ZipArchive zip, BackupManifest manifest)
    {
        Path = path;
        _zip = zip;
        Manifest = manifest;
    }

    public string Path { get; }

    public BackupManifest Manifest { get; }

    /// <summary>Opens the file and reads its manifest; throws <see cref="BackupFileException"/> saying what is wrong with it.</summary>
    public static BackupFile Open(string path)
    {
        if (!File.Exists(path)) throw new BackupFileException($"{path} does not exist.");
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new BackupFileException($"{path} is not a complete backup file: it is truncated, damaged or not a backup at all ({e.Message}).", e);
        }

        try
        {
            return new BackupFile(path, zip, ReadManifest(path, zip));
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    private static BackupManifest ReadManifest(string path, ZipArchive zip)
    {
        var entry = zip.GetEntry(BackupManifest.EntryName)
                    ?? throw new BackupFileException($"{path} has no {BackupManifest.EntryName}: it is not an Occupancy backup.");
        BackupManifest? manifest;
        try
        {
            using var stream = entry.Open();
            manifest = JsonSerializer.Deserialize<BackupManifest>(stream, BackupManifest.Json);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or NotSupportedException)
        {
            throw new BackupFileException($"The manifest of {path} cannot be read: {e.Message}", e);
        }

        if (manifest?.Format != BackupManifest.FormatName)
        {
            throw new BackupFileException($"{path} is not an Occupancy backup (its manifest's format is '{manifest?.Format}').");
        }
        if (manifest.FormatVersion > BackupManifest.CurrentVersion || manifest.FormatVersion < 1)
        {
            throw new BackupFileException(
                $"{path} is in backup format {manifest.FormatVersion}; this version reads format {BackupManifest.CurrentVersion}. Restore it with the version that wrote it, or a newer one.");
        }
        if (manifest.Tables is null || manifest.Tables.Count == 0) throw new BackupFileException($"The manifest of {path} lists no tables.");
        foreach (var table in manifest.Tables)
        {
            if (!TableName().IsMatch(table.Name ?? "") || table.Entry != EntryOf(table.Name!))
            {
                throw new BackupFileException($"The manifest of {path} lists a table '{table.Name}' in entry '{table.Entry}', which is not how a backup names them.");
            }
            if (table.Name == StoreTables.Membership)
            {
                throw new BackupFileException($"{path} holds the cluster membership table {StoreTables.Membership}, which is never restored.");
            }
        }
        return manifest;
    }

    /// <summary>The zip entry a table is written to.</summary>
    public static string EntryOf(string table) => $"tables/{table}.jsonl";

    /// <summary>
    /// Reads every table through: its entry exists, every line is an entity, and the count, size and SHA-256 match the
    /// manifest. Throws <see cref="BackupFileException"/> at the first difference.
    /// </summary>
    public async Task VerifyAsync(CancellationToken cancellationToken = default)
    {
        foreach (var table in Manifest.Tables)
        {
            await foreach (var _ in ReadAsync(table, cancellationToken))
            {
            }
        }
    }

    /// <summary>
    /// The table's entities with their line's length (a measure of their size on the wire), in the order they were
    /// read from the store (by partition, then row). The count and checksum are checked once the entry has been read
    /// to its end: a caller must <see cref="VerifyAsync">verify</see> first when it cannot act on a partial read.
    /// </summary>
    public async IAsyncEnumerable<(TableEntity Entity, int Size)> ReadAsync(BackedUpTable table, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var entry = _zip.GetEntry(table.Entry)
                    ?? throw new BackupFileException($"{Path} has no entry {table.Entry} for table {table.Name}: the file is damaged.");
        using var hashing = new HashingStream(OpenEntry(entry));
        using var reader = new StreamReader(hashing, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        long lines = 0;
        while (await NextLineAsync(reader, table, cancellationToken) is { } line)
        {
            lines++;
            TableEntity entity;
            try
            {
                entity = EntityLine.Parse(line);
            }
            catch (FormatException e)
            {
                throw new BackupFileException($"Line {lines} of {table.Entry} in {Path} is not an entity ({e.Message}): the file is damaged.", e);
            }
            yield return (entity, line.Length);
        }

        var sha256 = hashing.Sha256();
        if (lines != table.Entities || hashing.Count != table.Bytes || sha256 != table.Sha256)
        {
            throw new BackupFileException(
                $"Table {table.Name} in {Path} does not match its manifest: {lines} entities, {hashing.Count} bytes, SHA-256 {sha256}; " +
                $"the manifest says {table.Entities} entities, {table.Bytes} bytes, SHA-256 {table.Sha256}. The file is damaged or was changed.");
        }
    }

    private Stream OpenEntry(ZipArchiveEntry entry)
    {
        try
        {
            return entry.Open();
        }
        catch (InvalidDataException e)
        {
            throw new BackupFileException($"{entry.FullName} in {Path} cannot be read: {e.Message} The file is damaged.", e);
        }
    }

    private async Task<string?> NextLineAsync(StreamReader reader, BackedUpTable table, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or DecoderFallbackException or IOException)
        {
            throw new BackupFileException($"{table.Entry} in {Path} cannot be read: {e.Message} The file is damaged.", e);
        }
    }

    /// <summary>Azure Table's rule for table names: a letter, then letters and digits, 3 to 63 in all.</summary>
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableName();

    public void Dispose() => _zip.Dispose();
}
