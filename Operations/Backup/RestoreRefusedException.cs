namespace Occupancy.Operations.Backup;

/// <summary>The target store is not one a restore may write into (it holds data, or a silo is running on it): nothing was written.</summary>
public sealed class RestoreRefusedException(string message) : Exception(message);
