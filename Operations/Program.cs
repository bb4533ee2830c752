using System.Diagnostics;
using Azure;
using Azure.Data.Tables;
using Occupancy.Operations.Backup;

// Operator commands on the system's store; scripts/backup.sh and scripts/restore.sh run them. The connection string comes
// from the environment, never the command line, so it does not show in the process list.
const string Usage = """
    Usage: Operations backup FILE              write a backup of the store to FILE (a new file)
           Operations restore [--force] FILE   load FILE into an empty store (--force: replace what its tables hold)
           Operations verify FILE              check FILE against its manifest; no store needed
    The store is STORAGE_CONNECTION_STRING (an Azure Storage connection string, or Azurite's).
    Exit codes: 0 done, 2 usage, 3 refused (the store holds data, or a silo runs on it), 4 the file is not a sound
    backup, 5 the restore stopped part-way, 1 anything else.
    """;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var command = args.FirstOrDefault();
var rest = args.Skip(1).ToList();
var force = rest.Remove("--force");
if (command is "-h" or "--help")
{
    Console.WriteLine(Usage);
    return 0;
}
if (command is not ("backup" or "restore" or "verify") || rest.Count != 1 || rest[0].StartsWith('-') || (force && command != "restore"))
{
    Console.Error.WriteLine(Usage);
    return 2;
}

var path = Path.GetFullPath(rest[0]);
var watch = Stopwatch.StartNew();
BackupSource? store = null;
try
{
    if (command == "verify")
    {
        using var file = BackupFile.Open(path);
        await file.VerifyAsync(cancel.Token);
        var m = file.Manifest;
        Console.WriteLine($"{path} checks out: format {m.FormatVersion}, taken {m.StartedAt:u} from {m.Source.Account} ({m.Source.TableEndpoint}); " +
                          $"{string.Join(", ", m.Tables.Select(t => $"{t.Name} {t.Entities} entities"))} ({watch.Elapsed.TotalSeconds:F1} s)");
        return 0;
    }

    if (Environment.GetEnvironmentVariable("STORAGE_CONNECTION_STRING") is not { Length: > 0 } connectionString)
    {
        Console.Error.WriteLine("error: STORAGE_CONNECTION_STRING is not set (scripts/backup.sh and scripts/restore.sh set it to the local Azurite by default).");
        return 2;
    }
    var service = new TableServiceClient(connectionString);
    store = StoreAccount.Describe(service);

    if (command == "backup")
    {
        var manifest = await StoreBackup.WriteAsync(service, path, Console.Out, cancel.Token);
        Console.WriteLine($"Backup written: {path}, {new FileInfo(path).Length / 1024.0 / 1024.0:F2} MB, " +
                          $"{manifest.Tables.Sum(t => t.Entities)} entities in {manifest.Tables.Count} tables, in {watch.Elapsed.TotalSeconds:F1} s.");
    }
    else
    {
        var summary = await StoreRestore.RestoreAsync(service, path, force, Console.Out, cancel.Token);
        Console.WriteLine($"Restored: {summary.Tables.Sum(t => t.Entities)} entities in {summary.Tables.Count} tables, in {watch.Elapsed.TotalSeconds:F1} s. " +
                          "Start the system on this store now.");
    }
    return 0;
}
catch (BackupFileException e)
{
    Console.Error.WriteLine($"error: {e.Message}{(command == "restore" ? " Nothing was written to the store." : "")}");
    return 4;
}
catch (RestoreRefusedException e)
{
    Console.Error.WriteLine($"error: {e.Message} Nothing was written to the store.");
    return 3;
}
catch (RestoreFailedException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 5;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine(command == "restore"
        ? "error: stopped (Ctrl-C); the store may hold part of the backup: run the restore again with --force."
        : "error: stopped (Ctrl-C); no backup file was written.");
    return 1;
}
catch (Exception e) when (e is RequestFailedException or AggregateException or IOException or UnauthorizedAccessException or FormatException or ArgumentException)
{
    // FormatException/ArgumentException: a malformed connection string; the others: the store or the disk refused.
    Console.Error.WriteLine(store is null || e is IOException or UnauthorizedAccessException
        ? $"error: {command} failed: {e.Message}"
        : $"error: {command} failed on the store {store.Account} ({store.TableEndpoint}): {e.Message}");
    return 1;
}
