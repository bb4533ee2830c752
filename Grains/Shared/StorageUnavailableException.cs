namespace Occupancy.Grains;

/// <summary>
/// A state write failed or timed out: the outcome is unknown to the caller (it may or may not have landed).
/// The Api answers 503 storage-unavailable so the client retries with the same Idempotency-Key.
/// </summary>
[GenerateSerializer, Alias("StorageUnavailableException")]
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException() : base("The store did not confirm the write.") { }

    public StorageUnavailableException(string message, Exception? inner = null) : base(message, inner) { }
}
