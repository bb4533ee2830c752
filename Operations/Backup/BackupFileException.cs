namespace Occupancy.Operations.Backup;

/// <summary>The file is not a sound backup (missing, truncated, damaged, or of an unknown format): nothing was written.</summary>
public sealed class BackupFileException(string message, Exception? inner = null) : Exception(message, inner);
