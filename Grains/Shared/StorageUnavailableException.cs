namespace Occupancy.Grains;

/// <summary>
/// A state write failed or timed out: the outcome is unknown to the caller (it may or may not have landed).
/// The Api answers 503 storage-unavailable so the client retries with the same Idempotency-Key.
/// <para>
/// The cause travels as text, never as an inner exception: the store's own exception types (such as the table
/// provider's "update condition not satisfied") live in assemblies an Api node does not load, and a response it
/// cannot read is dropped, leaving the request to wait out the full call timeout (30 s) before a 503.
/// </para>
/// </summary>
[GenerateSerializer, Alias("StorageUnavailableException")]
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException() : base("The store did not confirm the write.") { }

    public StorageUnavailableException(string message, Exception? cause = null)
        : base(cause is null ? message : $"{message} Cause: {cause.GetType().Name}: {cause.Message}") { }
}
