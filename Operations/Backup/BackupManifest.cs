using System.Text.Encodings.Web;
using System.Text.Json;

namespace Occupancy.Operations.Backup;

/// <summary>
/// <c>manifest.json</c> in a backup file: what it holds, where it came from (never a secret), and each table's entity
/// count and SHA-256 over its <c>.jsonl</c> entry, which a restore checks before it writes anything.
/// </summary>
public sealed record BackupManifest(
    string Format,
    int FormatVersion,
    DateTimeOffset StartedAt,
    DateTimeOffset CompletedAt,
    BackupSource Source,
    string Tool,
    IReadOnlyList<BackedUpTable> Tables,
    IReadOnlyList<SkippedTable> SkippedTables)
{
    /// <summary>What a backup file says it is, so a restore never takes some other zip for one.</summary>
    public const string FormatName = "occupancy-table-backup";

    /// <summary>Raised when the file's layout or an entity line's shape changes; a restore refuses versions it does not know.</summary>
    public const int CurrentVersion = 1;

    public const string EntryName = "manifest.json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>The account a backup was taken from: its name and table endpoint, without key or SAS token.</summary>
public sealed record BackupSource(string Account, string TableEndpoint);

/// <param name="Entry">The zip entry holding the table, one entity per line (see <see cref="EntityLine"/>).</param>
/// <param name="Bytes">Uncompressed size of the entry.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the entry's uncompressed bytes.</param>
public sealed record BackedUpTable(string Name, string Entry, long Entities, long Bytes, string Sha256);

public sealed record SkippedTable(string Name, string Reason);
