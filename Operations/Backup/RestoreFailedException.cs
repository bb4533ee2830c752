namespace Occupancy.Operations.Backup;

/// <summary>The store failed, or changed under the restore, part-way through: it now holds part of the backup.</summary>
public sealed class RestoreFailedException(string message, Exception? inner = null) : Exception(message, inner);
